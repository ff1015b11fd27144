#!/usr/bin/env python3
"""Writes the committed corpus of tests/corpus/: follow-up workbooks written
by tools other than opfolg's own writer, so the lossless tests read XML that
nobody here shaped.

  python3 scripts/make-corpus.py            # openpyxl's workbook
  bash scripts/make-corpus.sh               # and LibreOffice's (runs this too)

Needs `pip install openpyxl pillow`. The texts are the seeds' (Ballerup's
2018 agreement, see samples/README.md).
"""
import io
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image
from openpyxl.formatting.rule import CellIsRule, ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table

OUT = Path(__file__).resolve().parent.parent / "tests" / "corpus"

ROWS = [
    ["Første opfølgning på Aftale om budget 2018 for Børne- og Skoleudvalget"],
    [],
    ["3. Sammenhængende udviklingsforløb 0-25 år"],
    ["3.01. Barnets første 1.000 dage: Samarbejde om børns trivsel og udvikling", "Drift", "Tid", "Smiley"],
    ["Parterne er enige om at afsætte 0,762 mio. kr. i 2018, 0,938 mio. kr. i 2019 og 0,9 mio. kr. i 2020 og frem.",
     "Ansvarligt center: Social og Sundhed Ansvarligt udvalg: Børne- og Skoleudvalget Væsentlig bidragsyder: Skoler, Institutioner og Kultur"],
    ["Milepæl", "Pilotprojekt i Distrikt Skovlunde planlægges med inddragelse af relevante samarbejdspartnere.", "1. budgetopfølgning 2018", "☺"],
    ["Milepæl", "Indsatser afprøves og erfaring indsamles.", "2. budgetopfølgning 2018"],
    ["Milepæl", "Samarbejde med almen praksis indledes.", "3. budgetopfølgning 2018"],
    ["Milepæl", "Det styrkede samarbejde forberedes til udbredelse i øvrige distrikter.", "31.12.2018"],
    ["Økonomi", "Der er afsat 0,762 mio. kr. på ramme 30.31 Sundheds- og tandpleje.", None, "grøn"],
    [],
    ["3.09. Globen - leg/læring i samarbejde med boligselskab", "Drift", "Tid", "Smiley"],
    ["Bevægelsesaktiviteter for børn styrker den tidlige motoriske udvikling. Der afsættes 0,125 mio. kr. i 2018.",
     "Ansvarligt center: Skoler, Institutioner og Kultur Ansvarligt udvalg: Børne- og Skoleudvalget"],
    ["Milepæl", "Arbejdsgruppe er nedsat.", "1. budgetopfølgning 2018", "☺"],
    ["Milepæl", "Der forelægges en orienteringssag for Børne- og Skoleudvalget.", "2. budgetopfølgning 2018"],
    ["Økonomi", "Midlerne anvendes i 2018.", None, "☺"],
]


def logo():
    from PIL import Image as PilImage
    buf = io.BytesIO()
    PilImage.new("RGB", (40, 20), (0, 80, 160)).save(buf, format="PNG")
    buf.seek(0)
    return Image(buf)


def openpyxl_workbook(path):
    wb = Workbook()
    ws = wb.active
    ws.title = "1. opfølgning"
    for r, row in enumerate(ROWS, start=1):
        for c, v in enumerate(row, start=1):
            if v is not None:
                cell = ws.cell(row=r, column=c, value=v)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells("A1:D1")
    ws["A1"].font = Font(bold=True, size=14)
    for row in (4, 12):
        for col in "ABCD":
            ws[f"{col}{row}"].fill = PatternFill("solid", fgColor="DDEBF7")
            ws[f"{col}{row}"].font = Font(bold=True)
    for col, width in zip("ABCD", (44, 70, 24, 9)):
        ws.column_dimensions[col].width = width
    ws.column_dimensions["F"].hidden = True
    ws.row_dimensions[5].height = 48
    ws.freeze_panes = "A4"
    ws["A5"].comment = Comment("Tjek beløbet med Økonomi", "Jens Hansen")
    ws["D6"].comment = Comment("Pilot godkendt i BSU", "Mette Olsen")
    dv = DataValidation(type="list", formula1='"Drift,Anlæg"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add("B4")
    dv.add("B12")
    ws.conditional_formatting.add("C5:C16", CellIsRule(operator="equal", formula=['"31.12.2018"'], font=Font(color="C00000")))
    ws.add_image(logo(), "F1")
    ws.print_title_rows = "1:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.oddHeader.center.text = "Børne- og Skoleudvalget"
    ws.sheet_properties.tabColor = "4472C4"

    data = wb.create_sheet("Beløb")
    data.append(["Center", "2018", "2019"])
    for row in [["Social og Sundhed", 0.762, 0.938], ["Skoler, Institutioner og Kultur", 0.125, 0], ["Børn og Unge", 1.5, 1.2]]:
        data.append(row)
    data["A5"] = "I alt"
    data["B5"] = "=SUM(B2:B4)"
    data["C5"] = "=SUM(C2:C4)"
    data.add_table(Table(displayName="Beloeb", ref="A1:C4"))
    data.conditional_formatting.add("B2:C4", ColorScaleRule(start_type="min", start_color="FFFFFF", end_type="max", end_color="63BE7B"))
    chart = BarChart()
    chart.add_data(Reference(data, min_col=2, min_row=1, max_row=4), titles_from_data=True)
    chart.set_categories(Reference(data, min_col=1, min_row=2, max_row=4))
    data.add_chart(chart, "E2")
    data.protection.sheet = True
    hidden = wb.create_sheet("Lister")
    hidden["A1"] = "☺"
    hidden.sheet_state = "hidden"
    wb.defined_names["Centre"] = DefinedName("Centre", attr_text="'Beløb'!$A$2:$A$4")
    wb.properties.creator = "Økonomi, Ballerup"
    wb.properties.title = "Opfølgning 2018"
    wb.save(path)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / "openpyxl-opf1.xlsx"
    openpyxl_workbook(target)
    print(f"wrote {target}", file=sys.stderr)
