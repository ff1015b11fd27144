#!/bin/sh
# Seeds corpus/read with the repository's workbooks. read.rs takes the
# format from the first byte (0 xlsx, 1 xlsb, 2 xls, 3 ods) and the file
# from the rest, so each workbook is written with its format byte in front.
set -eu
cd "$(dirname "$0")"
out=corpus/read
mkdir -p "$out"
find ../samples ../tests/fixtures ../tests/corpus -type f | sort | {
    n=0
    while IFS= read -r f; do
        case "$(printf %s "$f" | tr 'A-Z' 'a-z')" in
            *.xlsx | *.xlsm | *.xltx | *.xltm) byte='\000' ;;
            *.xlsb) byte='\001' ;;
            *.xls) byte='\002' ;;
            *.ods) byte='\003' ;;
            *) continue ;;
        esac
        name=$(printf %s "${f#../}" | tr / _)
        { printf "$byte"; cat "$f"; } > "$out/$name"
        n=$((n + 1))
    done
    echo "seeded $n workbooks into fuzz/$out"
}
