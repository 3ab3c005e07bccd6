#!/bin/sh
# Rebuild pipeline/pdf/profiles/FOGRA39L-coated-300.icc, the print profile for FOGRA39
# (ISO 12647-2:2004/Amd 1, offset on coated paper), from the FOGRA39L characterisation data.
#
#   apt-get install -y icc-profiles-free argyll     # Debian 12: icc-profiles-free 2.0.1, argyll 2.3.1
#   tools/make_fogra39_profile.sh
#
# colprof options:
#   -qm          medium quality (the CLUTs are 17^4 / 33^3 points; the profile stays well under 1 MB)
#   -kr -l300    black generation: a linear K ramp; total ink limit 300 % (the pipeline's default)
#   -S sRGB -cmt -dpp  perceptual and saturation tables gamut-mapped from sRGB (our images are sRGB),
#                with CIECAM02 viewing conditions "monitor" -> "practical reflection print"
#   -D -C        description and copyright tags
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
data=/usr/share/color/icc/FOGRA39L.ti3
srgb=/usr/share/color/argyll/ref/sRGB.icm
out="$here/pipeline/pdf/profiles/FOGRA39L-coated-300.icc"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$data" "$work/FOGRA39L.ti3"
cd "$work"
colprof -v -qm -kr -l300 -S "$srgb" -cmt -dpp \
  -D "FOGRA39L coated 300% (colprof, reportage-pipeline)" \
  -C "Made from FOGRA39L.ti3 of icc-profiles-free (Zlib licence, Kai-Uwe Behrmann); altered: profiled with ArgyllCMS colprof" \
  -O FOGRA39L-coated-300.icc FOGRA39L
cp FOGRA39L-coated-300.icc "$out"
ls -l "$out"
