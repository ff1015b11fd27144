"""A center answering its hand-out in another program than opfolg: openpyxl
opens the workbook, types into the open (unlocked) cells and saves it anew,
as a hand-written script or another tool would.

    python3 tests/year/fill.py HANDOUT OUT SMILEY [CELL=VALUE ...]

Every open cell in the smiley column (D) gets SMILEY; CELL=VALUE pairs set
other cells (open or not: a center may also type where it should not).
"""
import sys

import openpyxl


def main():
    src, dst, smiley = sys.argv[1:4]
    edits = dict(a.split("=", 1) for a in sys.argv[4:])
    wb = openpyxl.load_workbook(src)
    for ws in wb.worksheets:
        if ws.title in ("Læsevejledning", "Reading guide"):
            continue
        for row in ws.iter_rows():
            for cell in row:
                if cell.column == 4 and cell.protection.locked is False:
                    cell.value = smiley
        for at, value in edits.items():
            if "!" in at:
                name, at = at.split("!", 1)
                if name != ws.title:
                    continue
            ws[at] = value
    wb.save(dst)


if __name__ == "__main__":
    main()
