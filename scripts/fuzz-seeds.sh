#!/bin/sh
# Prints the seed corpus directories of a libFuzzer target (its format's
# fixtures), read-only inputs given after the target's own corpus.
# usage: scripts/fuzz-seeds.sh fuzz_NAME
case "$1" in
  fuzz_ncmec_xml|fuzz_ncmec_json|fuzz_tiplist) echo tests/fixtures/ncmec ;;
  fuzz_cps_csv) echo tests/fixtures/cps ;;
  fuzz_ident) echo tests/fixtures/ident ;;
  fuzz_sheet) echo tests/fixtures/backfill ;;
  *) echo data ;;
esac
