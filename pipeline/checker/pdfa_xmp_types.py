"""XMP value types for PDF/A-2 (ISO 19005-2, 6.6.2.3.1): the properties of the schemas the
XMP Specification (2005) predefines, with their value types, and a check of a property's
RDF value against a value type.

A value type is written as in the XMP Specification: a simple type (``Text``, ``Integer``,
``Date``, ...), a structure (``ResourceRef``, ``Dimensions``, ...), ``Lang Alt``, or an array
of another type (``Bag Text``, ``Seq ResourceEvent``, ``Alt Thumbnail``).  Extension schemas
(6.6.2.3.2) add their own structures, given to ``type_problem`` as ``extra``.

Simple types are checked by their syntax; a structure must be a structure, and those of its
fields that its definition names must have their field's type (other fields are left alone);
an array must be the array kind its type names, and every item the item type.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .xmp import RDF, XML, Element

ARRAYS = ("Bag", "Seq", "Alt")

_TEXT = re.compile(r".*", re.S)
_DATE = re.compile(r"\d{4}(-\d\d(-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?)?)?)?")
SIMPLE: dict[str, re.Pattern[str]] = {
    "Text": _TEXT, "ProperName": _TEXT, "AgentName": _TEXT, "Locale": _TEXT, "MIMEType": _TEXT,
    "GUID": _TEXT, "RenditionClass": _TEXT, "XPath": _TEXT, "URI": _TEXT, "URL": _TEXT,
    "Integer": re.compile(r"[+-]?\d+"),
    "Real": re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)"),
    "Boolean": re.compile(r"True|False"),
    "Date": _DATE,
    "Rational": re.compile(r"[+-]?\d+/[+-]?\d+"),
    "GPSCoordinate": re.compile(r"\d{1,3},\d{1,2}(,\d{1,2}|\.\d+)[NSEW]"),
}


@dataclass(frozen=True)
class Struct:
    """A structured value type: its fields' namespace and {field name: value type}."""
    namespace: str
    fields: dict[str, str]


def _table(text: str) -> dict[str, str]:
    """'name Type, name Seq Type, ...' -> {name: type}."""
    pairs = (entry.split(None, 1) for entry in text.replace("\n", " ").split(",") if entry.strip())
    return {name: kind.strip() for name, kind in pairs}


_ST = "http://ns.adobe.com/xap/1.0/sType/"
DM = "http://ns.adobe.com/xmp/1.0/DynamicMedia/"
EXIF = "http://ns.adobe.com/exif/1.0/"
STRUCTS: dict[str, Struct] = {
    "Dimensions": Struct(_ST + "Dimensions#", _table("w Real, h Real, unit Text")),
    "Thumbnail": Struct("http://ns.adobe.com/xap/1.0/g/img/",
                        _table("height Integer, width Integer, format Text, image Text")),
    "ResourceEvent": Struct(_ST + "ResourceEvent#", _table(
        "action Text, instanceID URI, parameters Text, softwareAgent AgentName, when Date")),
    "ResourceRef": Struct(_ST + "ResourceRef#", _table(
        "instanceID URI, documentID URI, versionID Text, renditionClass RenditionClass, "
        "renditionParams Text, manager AgentName, managerVariant Text, manageTo URI, manageUI URI")),
    "Version": Struct(_ST + "Version#", _table(
        "comments Text, event ResourceEvent, modifyDate Date, modifier ProperName, version Text")),
    "Job": Struct(_ST + "Job#", _table("name Text, id Text, url URL")),
    "Font": Struct(_ST + "Font#", _table(
        "fontName Text, fontFamily Text, fontFace Text, fontType Text, versionString Text, "
        "composite Boolean, fontFileName Text, childFontFiles Seq Text")),
    "Colorant": Struct("http://ns.adobe.com/xap/1.0/g/", _table(
        "swatchName Text, mode Text, type Text, cyan Real, magenta Real, yellow Real, black Real, "
        "red Integer, green Integer, blue Integer, L Real, A Integer, B Integer")),
    "ProjectLink": Struct(DM, _table("path URI, type Text")),
    "Time": Struct(DM, _table("value Integer, scale Rational")),
    "Timecode": Struct(DM, _table("timeValue Text, timeFormat Text")),
    "Marker": Struct(DM, _table(
        "name Text, comment Text, startTime Time, duration Time, location URI, target Text, type Text")),
    "Media": Struct(DM, _table(
        "path URI, track Text, startTime Time, duration Time, managed Boolean, webStatement URI")),
    "BeatSpliceStretch": Struct(DM, _table(
        "useFileBeatsMarker Boolean, riseInDecibel Real, riseInTimeDuration Time")),
    "ResampleStretch": Struct(DM, _table("quality Text")),
    "TimeScaleStretch": Struct(DM, _table(
        "quality Text, frameSize Real, frameOverlappingPercentage Real")),
    "Flash": Struct(EXIF, _table(
        "Fired Boolean, Return Integer, Mode Integer, Function Boolean, RedEyeMode Boolean")),
    "OECF": Struct(EXIF, _table("Columns Integer, Rows Integer, Names Seq Text, Values Seq Rational")),
    "CFAPattern": Struct(EXIF, _table("Columns Integer, Rows Integer, Values Seq Integer")),
    "DeviceSettings": Struct(EXIF, _table("Columns Integer, Rows Integer, Settings Seq Text")),
}

# The predefined schemas: namespace -> {property: value type} (XMP Specification 2005,
# with the PDF/A identification schema of ISO 19005).
PREDEFINED_PROPERTIES: dict[str, dict[str, str]] = {
    "http://purl.org/dc/elements/1.1/": _table("""
        contributor Bag ProperName, coverage Text, creator Seq ProperName, date Seq Date,
        description Lang Alt, format MIMEType, identifier Text, language Bag Locale,
        publisher Bag ProperName, relation Bag Text, rights Lang Alt, source Text,
        subject Bag Text, title Lang Alt, type Bag Text"""),
    "http://ns.adobe.com/xap/1.0/": _table("""
        Advisory Bag XPath, BaseURL URL, CreateDate Date, CreatorTool AgentName,
        Identifier Bag Text, Label Text, MetadataDate Date, ModifyDate Date, Nickname Text,
        Rating Integer, Thumbnails Alt Thumbnail"""),
    "http://ns.adobe.com/xap/1.0/rights/": _table("""
        Certificate URL, Marked Boolean, Owner Bag ProperName, UsageTerms Lang Alt,
        WebStatement URL"""),
    "http://ns.adobe.com/xap/1.0/mm/": _table("""
        DerivedFrom ResourceRef, DocumentID URI, History Seq ResourceEvent, InstanceID URI,
        ManagedFrom ResourceRef, Manager AgentName, ManageTo URI, ManageUI URI,
        ManagerVariant Text, RenditionClass RenditionClass, RenditionParams Text,
        VersionID Text, Versions Seq Version, LastURL URL, RenditionOf ResourceRef,
        SaveID Integer"""),
    "http://ns.adobe.com/xap/1.0/bj/": _table("JobRef Bag Job"),
    "http://ns.adobe.com/xap/1.0/t/pg/": _table("""
        MaxPageSize Dimensions, NPages Integer, Fonts Bag Font, Colorants Seq Colorant,
        PlateNames Seq Text"""),
    DM: _table("""
        projectRef ProjectLink, videoFrameRate Text, videoFrameSize Dimensions,
        videoPixelAspectRatio Rational, videoPixelDepth Text, videoColorSpace Text,
        videoAlphaMode Text, videoAlphaPremultipleColor Colorant,
        videoAlphaUnityIsTransparent Boolean, videoCompressor Text, videoFieldOrder Text,
        pullDown Text, audioSampleRate Integer, audioSampleType Text, audioChannelType Text,
        audioCompressor Text, speakerPlacement Text, fileDataRate Rational, tapeName Text,
        altTapeName Text, startTimecode Timecode, altTimecode Timecode, duration Time,
        scene Text, shotName Text, shotDate Date, shotLocation Text, logComment Text,
        markers Seq Marker, contributedMedia Bag Media, absPeakAudioFilePath URI,
        relativePeakAudioFilePath URI, videoModDate Date, audioModDate Date,
        metadataModDate Date, artist Text, album Text, trackNumber Integer, genre Text,
        copyright Text, releaseDate Date, composer Text, engineer Text, tempo Real,
        instrument Text, introTime Time, outCue Time, relativeTimestamp Time, loop Boolean,
        numberOfBeats Real, key Text, stretchMode Text, timeScaleParams TimeScaleStretch,
        resampleParams ResampleStretch, beatSpliceParams BeatSpliceStretch,
        timeSignature Text, scaleType Text"""),
    "http://ns.adobe.com/pdf/1.3/": _table("Keywords Text, PDFVersion Text, Producer AgentName"),
    "http://ns.adobe.com/photoshop/1.0/": _table("""
        AuthorsPosition Text, CaptionWriter ProperName, Category Text, City Text, Country Text,
        Credit Text, DateCreated Date, Headline Text, Instructions Text, Source Text,
        State Text, SupplementalCategories Bag Text, TransmissionReference Text,
        Urgency Integer"""),
    "http://ns.adobe.com/camera-raw-settings/1.0/": _table("""
        AutoBrightness Boolean, AutoContrast Boolean, AutoExposure Boolean,
        AutoShadows Boolean, BlueHue Integer, BlueSaturation Integer, Brightness Integer,
        CameraProfile Text, ChromaticAberrationB Integer, ChromaticAberrationR Integer,
        ColorNoiseReduction Integer, Contrast Integer, CropTop Real, CropLeft Real,
        CropBottom Real, CropRight Real, CropAngle Real, CropWidth Real, CropHeight Real,
        CropUnits Integer, Exposure Real, GreenHue Integer, GreenSaturation Integer,
        HasCrop Boolean, HasSettings Boolean, LuminanceSmoothing Integer, RawFileName Text,
        RedHue Integer, RedSaturation Integer, Saturation Integer, Shadows Integer,
        ShadowTint Integer, Sharpness Integer, Temperature Integer, Tint Integer,
        ToneCurve Seq Text, ToneCurveName Text, Version Text, VignetteAmount Integer,
        VignetteMidpoint Integer, WhiteBalance Text"""),
    "http://ns.adobe.com/tiff/1.0/": _table("""
        ImageWidth Integer, ImageLength Integer, BitsPerSample Seq Integer,
        Compression Integer, PhotometricInterpretation Integer, Orientation Integer,
        SamplesPerPixel Integer, PlanarConfiguration Integer, YCbCrSubSampling Seq Integer,
        YCbCrPositioning Integer, XResolution Rational, YResolution Rational,
        ResolutionUnit Integer, TransferFunction Seq Integer, WhitePoint Seq Rational,
        PrimaryChromaticities Seq Rational, YCbCrCoefficients Seq Rational,
        ReferenceBlackWhite Seq Rational, DateTime Date, ImageDescription Lang Alt,
        Make ProperName, Model ProperName, Software AgentName, Artist ProperName,
        Copyright Lang Alt"""),
    EXIF: _table("""
        ExifVersion Text, FlashpixVersion Text, ColorSpace Integer,
        ComponentsConfiguration Seq Integer, CompressedBitsPerPixel Rational,
        PixelXDimension Integer, PixelYDimension Integer, UserComment Lang Alt,
        RelatedSoundFile Text, DateTimeOriginal Date, DateTimeDigitized Date,
        ExposureTime Rational, FNumber Rational, ExposureProgram Integer,
        SpectralSensitivity Text, ISOSpeedRatings Seq Integer, OECF OECF,
        ShutterSpeedValue Rational, ApertureValue Rational, BrightnessValue Rational,
        ExposureBiasValue Rational, MaxApertureValue Rational, SubjectDistance Rational,
        MeteringMode Integer, LightSource Integer, Flash Flash, FocalLength Rational,
        SubjectArea Seq Integer, FlashEnergy Rational, SpatialFrequencyResponse OECF,
        FocalPlaneXResolution Rational, FocalPlaneYResolution Rational,
        FocalPlaneResolutionUnit Integer, SubjectLocation Seq Integer,
        ExposureIndex Rational, SensingMethod Integer, FileSource Integer, SceneType Integer,
        CFAPattern CFAPattern, CustomRendered Integer, ExposureMode Integer,
        WhiteBalance Integer, DigitalZoomRatio Rational, FocalLengthIn35mmFilm Integer,
        SceneCaptureType Integer, GainControl Integer, Contrast Integer, Saturation Integer,
        Sharpness Integer, DeviceSettingDescription DeviceSettings,
        SubjectDistanceRange Integer, ImageUniqueID Text, GPSVersionID Text,
        GPSLatitude GPSCoordinate, GPSLongitude GPSCoordinate, GPSAltitudeRef Integer,
        GPSAltitude Rational, GPSTimeStamp Date, GPSSatellites Text, GPSStatus Text,
        GPSMeasureMode Text, GPSDOP Rational, GPSSpeedRef Text, GPSSpeed Rational,
        GPSTrackRef Text, GPSTrack Rational, GPSImgDirectionRef Text,
        GPSImgDirection Rational, GPSMapDatum Text, GPSDestLatitude GPSCoordinate,
        GPSDestLongitude GPSCoordinate, GPSDestBearingRef Text, GPSDestBearing Rational,
        GPSDestDistanceRef Text, GPSDestDistance Rational, GPSProcessingMethod Text,
        GPSAreaInformation Text, GPSDifferential Integer"""),
    "http://ns.adobe.com/exif/1.0/aux/": _table("Lens Text, SerialNumber Text"),
    "http://www.aiim.org/pdfa/ns/id/": _table("part Integer, conformance Text, amd Text, corr Text"),
}


@dataclass
class Node:
    """An RDF property value: simple text, an array of nodes, or a structure of fields."""
    kind: str  # "simple", "array", "struct"
    text: str = ""
    array: str = ""  # Bag, Seq or Alt
    items: list[tuple[str | None, Node]] = field(default_factory=list)  # (xml:lang, item)
    fields: dict[tuple[str, str], Node] = field(default_factory=dict)


def _fields(elem: Element) -> dict[tuple[str, str], Node]:
    out = {(a.ns, a.name): Node("simple", a.value) for a in elem.attributes if a.ns not in (RDF, XML)}
    out.update(((child.ns, child.name), node_of(child)) for child in elem.children)
    return out


def _struct(elem: Element) -> Node:
    fields = _fields(elem)
    value = fields.pop((RDF, "value"), None)  # a qualified value: judge the value itself
    return value if value is not None else Node("struct", fields=fields)


def node_of(elem: Element) -> Node:
    """The value of a property element (RDF/XML syntax, as the XMP Specification uses it)."""
    parse_type = elem.get(RDF, "parseType")
    if parse_type == "Resource":
        return _struct(elem)
    children = elem.children
    if parse_type == "Literal" or not children:
        plain = [a for a in elem.attributes if a.ns not in (RDF, XML)]
        if plain and parse_type != "Literal":
            return Node("struct", fields=_fields(elem))
        return Node("simple", elem.get(RDF, "resource", elem.text) or "")
    first = children[0]
    if first.ns == RDF and first.name in ARRAYS:
        return Node("array", array=first.name, items=[
            (li.lang, node_of(li)) for li in first.children if li.is_(RDF, "li")])
    if first.is_(RDF, "Description"):
        return _struct(first)
    return Node("struct", fields=_fields(elem))


def normalise(value_type: str) -> str:
    """'bag  Text' -> 'Bag Text'; 'Closed Choice of Integer' -> 'Integer'; 'LangAlt' -> 'Lang Alt'."""
    words = value_type.split()
    while len(words) > 3 and [w.lower() for w in words[1:3]] == ["choice", "of"]:
        words = words[3:]
    text = " ".join(words)
    if text.lower() in ("lang alt", "langalt"):
        return "Lang Alt"
    if words and words[0].lower() in ("bag", "seq", "alt") and len(words) > 1:
        return words[0].capitalize() + " " + normalise(" ".join(words[1:]))
    return text


def is_known(value_type: str, extra: dict[str, Struct] | None = None) -> bool:
    """Whether a value type can be resolved (predefined, or a structure of ``extra``)."""
    kind = normalise(value_type)
    if kind == "Lang Alt" or kind in SIMPLE or kind in STRUCTS or kind in (extra or {}):
        return True
    first, _, rest = kind.partition(" ")
    return first in ARRAYS and bool(rest) and is_known(rest, extra)


def type_problem(node: Node, value_type: str, extra: dict[str, Struct] | None = None) -> str | None:
    """Why ``node`` is not a value of ``value_type``, or None (also for an unknown type)."""
    kind = normalise(value_type)
    if kind == "Lang Alt":
        if node.kind != "array" or node.array != "Alt":
            return "is not a language alternative (rdf:Alt)"
        if any(lang is None or item.kind != "simple" for lang, item in node.items):
            return "has an alternative without xml:lang"
        return None
    first, _, rest = kind.partition(" ")
    if first in ARRAYS and rest:
        if node.kind != "array" or node.array != first:
            return f"is not an rdf:{first}"
        for _, item in node.items:
            problem = type_problem(item, rest, extra)
            if problem:
                return f"has an item that {problem}"
        return None
    if kind in SIMPLE:
        if node.kind != "simple":
            return f"is not a simple {kind} value"
        if not SIMPLE[kind].fullmatch(node.text.strip()):
            return f"{node.text.strip()!r} is not a {kind}"
        return None
    struct = (extra or {}).get(kind) or STRUCTS.get(kind)
    if struct is None:
        return None
    if node.kind != "struct":
        return f"is not a {kind} structure"
    for (ns, name), value in node.fields.items():
        if ns == struct.namespace and name in struct.fields:
            problem = type_problem(value, struct.fields[name], extra)
            if problem:
                return f"has a field {name} that {problem}"
    return None
