"""Draw a `JourneyReport` as one self-contained HTML page.

Everything is inline: the styles, the charts (SVG drawn here, no JavaScript) and the
texts, so the file opens offline and can be mailed as it is. A Content-Security-Policy
forbids the page any network access. Verbatims are untrusted text: every one is escaped.
"""

from __future__ import annotations

import html
import re

from .dates import french_date
from .matrix import TOTAL, net_colour
from .report import JourneyReport, french_number, moment_rule
from .themes import MIN_COUNT

EXAMPLE_CHARS = 320
NBSP = "\u202f"


def esc(value) -> str:
    return html.escape(str(value), quote=True)


def count(n: int) -> str:
    """1234567 -> `1 234 567` (French thousands)."""
    return f"{int(n):,}".replace(",", NBSP)


def percent(share: float) -> str:
    return f"{share * 100:.0f}{NBSP}%"


def plural(n: int, word: str) -> str:
    return f"{count(n)} {word}{'s' if n > 1 else ''}"


def short(text: str, limit: int = EXAMPLE_CHARS) -> str:
    text = re.sub(r"\s+", " ", str(text)).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    return (cut[:cut.rfind(" ")] if " " in cut[limit // 2:] else cut).rstrip(" ,;:.") + "…"


STYLE = """
:root { --ink: #1a1a1a; --muted: #5b6168; --line: #d9dce1; --bg: #ffffff; --soft: #f4f5f7;
        --neg: rgb(178, 24, 43); --pos: rgb(33, 102, 172); }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: var(--bg); font: 15px/1.45 system-ui, -apple-system,
       "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1280px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 1.7rem; margin: 0 0 4px; }
h2 { font-size: 1.3rem; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.1rem; margin: 22px 0 6px; }
h4 { font-size: .95rem; margin: 8px 0 6px; }
p { margin: 6px 0; }
.meta, .note { color: var(--muted); font-size: .9rem; }
nav { margin: 12px 0 0; font-size: .9rem; }
nav a { color: var(--pos); margin-right: 14px; text-decoration: none; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin-top: 12px; }
.card { background: var(--soft); border-radius: 6px; padding: 10px 12px; }
.card .value { font-size: 1.45rem; font-weight: 650; }
.card.wide .value { font-size: 1.05rem; }
.card .label { color: var(--muted); font-size: .85rem; }
table { border-collapse: collapse; }
.heatmap { width: 100%; font-size: .8rem; }
.heatmap th, .heatmap td { border: 1px solid #fff; padding: 4px 3px; text-align: center; }
.heatmap thead th { background: var(--soft); font-weight: 600; font-size: .74rem; vertical-align: bottom;
                    overflow-wrap: normal; word-break: normal; }
.heatmap th.stage { width: 11rem; min-width: 9rem; text-align: left; background: var(--soft); font-weight: 600; }
.heatmap td.cell { height: 3.1rem; min-width: 3.4rem; }
.heatmap td .vol { display: block; font-size: 1.05rem; font-weight: 700; }
.heatmap td .net { display: block; font-size: .75rem; }
.heatmap td.empty { color: #9aa0a6; background: repeating-linear-gradient(45deg, #fff, #fff 4px, #f1f2f4 4px, #f1f2f4 8px); }
.heatmap .total, .heatmap tr.total th { border-left: 3px solid var(--ink); }
.heatmap tr.total td, .heatmap tr.total th { border-top: 3px solid var(--ink); border-left: 1px solid #fff; }
.heatmap tr.total td.total { border-left: 3px solid var(--ink); }
.heatmap td.moment { outline: 3px solid #f2b705; outline-offset: -3px; }
.legend { display: flex; flex-wrap: wrap; align-items: center; gap: 18px; margin: 8px 0 10px; font-size: .85rem; }
.scale { display: inline-flex; align-items: center; gap: 6px; }
.scale .bar { width: 220px; height: 14px; border-radius: 3px;
              background: linear-gradient(to right, rgb(178, 24, 43), rgb(247, 247, 247), rgb(33, 102, 172)); }
.swatch { display: inline-block; width: 26px; height: 16px; vertical-align: middle; border: 1px solid var(--line); }
.swatch.empty { background: repeating-linear-gradient(45deg, #fff, #fff 4px, #f1f2f4 4px, #f1f2f4 8px); }
.swatch.moment { outline: 3px solid #f2b705; outline-offset: -3px; background: var(--soft); }
.chart { width: 100%; max-width: 1000px; height: auto; display: block; }
.data { width: 100%; font-size: .88rem; }
.data th, .data td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
.data th { background: var(--soft); }
.data td.num, .data th.num { text-align: right; white-space: nowrap; }
.rule { background: #fff8e1; border-left: 4px solid #f2b705; padding: 8px 12px; font-size: .9rem; }
.stage { border-top: 1px solid var(--line); padding-top: 4px; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
.irritants h4 { color: var(--neg); }
.enchantements h4 { color: var(--pos); }
ol.themes { margin: 0; padding-left: 1.3rem; }
li.theme { margin: 0 0 10px; }
.phrase { font-weight: 650; }
.count { color: var(--muted); font-size: .85rem; }
ul.examples { margin: 3px 0 0; padding-left: 1rem; list-style: none; }
ul.examples li { font-size: .86rem; color: #33383d; margin: 2px 0; padding-left: 8px; border-left: 3px solid var(--line); }
.irritants ul.examples li { border-left-color: rgba(178, 24, 43, .45); }
.enchantements ul.examples li { border-left-color: rgba(33, 102, 172, .45); }
dl.provenance { display: grid; grid-template-columns: 13rem 1fr; gap: 4px 14px; font-size: .9rem; }
dl.provenance dt { font-weight: 600; }
dl.provenance dd { margin: 0; overflow-wrap: anywhere; }
code { font-size: .85em; }
@media (max-width: 900px) { .columns { grid-template-columns: 1fr; } dl.provenance { grid-template-columns: 1fr; } }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  html { font-size: 10.5px; }  /* every size is in rem: the whole page scales to A4 */
  body { font-size: 1rem; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3, h4 { break-after: avoid; page-break-after: avoid; }
  section.block, .card, tr, li.theme, figure, .stage, .legend, .rule { break-inside: avoid; page-break-inside: avoid; }
  .matrix-section, .curve-section { break-before: page; }
  .heatmap td.cell { height: auto; }
}
"""


def heatmap(report: JourneyReport) -> str:
    m = report.matrix
    moments = {(x.row, x.channel) for x in report.moments}
    total_class = ' class="total"'
    head = "".join(f'<th scope="col"{total_class if c == TOTAL else ""}>{esc(name)}</th>'
                   for c, name in zip(m.columns, m.column_names))
    body = []
    for r, name in zip(m.rows, m.row_names):
        cells = []
        for c, cname in zip(m.columns, m.column_names):
            v = int(m.volume.at[r, c])
            classes = ["cell"] + (["total"] if c == TOTAL else []) + (["moment"] if (r, c) in moments else [])
            data = f'data-row="{esc(r)}" data-channel="{esc(c)}"'
            if not v:
                cells.append(f'<td class="{" ".join(classes + ["empty"])}" {data} title="{esc(name)} × {esc(cname)} : '
                             f'aucun verbatim">·</td>')
                continue
            irr, enc, rup = int(m.irritants.at[r, c]), int(m.enchantements.at[r, c]), int(m.ruptures.at[r, c])
            net = (enc - irr) / v
            bg, fg = net_colour(net)
            tip = (f"{name} × {cname} : {plural(v, 'verbatim')}, {plural(irr, 'irritant')}, "
                   f"{plural(enc, 'enchantement')}, {plural(rup, 'rupture')}, score net {french_number(net, sign=True)}")
            cells.append(f'<td class="{" ".join(classes)}" {data} style="background:{bg};color:{fg}" title="{esc(tip)}">'
                         f'<span class="vol">{count(v)}</span><span class="net">{french_number(net, sign=True)}</span></td>')
        row_class = ' class="total"' if r == TOTAL else ""
        body.append(f'<tr{row_class}><th scope="row" class="stage">{esc(name)}</th>{"".join(cells)}</tr>')
    return (f'<table id="heatmap" class="heatmap"><caption class="note" style="caption-side:bottom;text-align:left">'
            f'Chaque case : nombre de verbatims (en gras) et score net. Un verbatim qui cite deux canaux compte '
            f'dans les deux cases, une seule fois dans le total de son étape.</caption>'
            f'<thead><tr><th scope="col" class="stage">Étape \\ canal</th>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def legend() -> str:
    return ('<div class="legend" aria-label="Légende">'
            '<span class="scale"><span>−1 (que des irritants)</span><span class="bar"></span>'
            '<span>+1 (que des enchantements)</span></span>'
            '<span><span class="swatch empty"></span> case vide : aucun verbatim</span>'
            '<span><span class="swatch moment"></span> moment de vérité</span></div>')


def _wrap(label: str, width: int = 16) -> list[str]:
    lines, line = [], ""
    for word in label.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return lines[:3]


def satisfaction_curve(report: JourneyReport) -> str:
    """Net score per stage along the journey (line), volume per stage (bars below)."""
    points = report.curve()
    width, left, right = 1000, 64, 24
    top, plot_h = 28, 210
    bars_top, bars_h = top + plot_h + 34, 70
    labels_top = bars_top + bars_h + 18
    height = labels_top + 54
    n = max(len(points), 1)
    step = (width - left - right) / n
    max_volume = max((v for _, _, v, _ in points), default=0) or 1

    def x(i):
        return left + step * (i + 0.5)

    def y(net):
        return top + (1 - net) / 2 * plot_h

    parts = [f'<svg id="satisfaction-curve" class="chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="curve-title curve-desc">',
             '<title id="curve-title">Courbe de satisfaction le long du parcours</title>',
             '<desc id="curve-desc">Score net (enchantements moins irritants, rapporté au volume) de chaque étape, '
             'et nombre de verbatims par étape.</desc>']
    for level in (1, 0.5, 0, -0.5, -1):
        yy = y(level)
        stroke = "#1a1a1a" if level == 0 else "#d9dce1"
        parts.append(f'<line x1="{left}" y1="{yy:.1f}" x2="{width - right}" y2="{yy:.1f}" stroke="{stroke}" '
                     f'stroke-width="{1.5 if level == 0 else 1}"/>')
        parts.append(f'<text x="{left - 8}" y="{yy + 4:.1f}" text-anchor="end" font-size="12" fill="#5b6168">'
                     f'{french_number(level, sign=level != 0)}</text>')
    parts.append(f'<text x="14" y="{top + plot_h / 2:.1f}" font-size="12" fill="#5b6168" text-anchor="middle" '
                 f'transform="rotate(-90 14 {top + plot_h / 2:.1f})">score net</text>')
    segments, current = [], []
    for i, (_, _, _, net) in enumerate(points):
        if net is None:
            if current:
                segments.append(current)
            current = []
        else:
            current.append(f"{x(i):.1f},{y(net):.1f}")
    if current:
        segments.append(current)
    for seg in segments:
        parts.append(f'<polyline points="{" ".join(seg)}" fill="none" stroke="#1a1a1a" stroke-width="2.5"/>')
    parts.append(f'<text x="14" y="{bars_top + bars_h / 2:.1f}" font-size="12" fill="#5b6168" text-anchor="middle" '
                 f'transform="rotate(-90 14 {bars_top + bars_h / 2:.1f})">volume</text>')
    for i, (_, name, volume, net) in enumerate(points):
        cx = x(i)
        bar_h = bars_h * volume / max_volume
        parts.append(f'<rect x="{cx - min(step * 0.3, 40):.1f}" y="{bars_top + bars_h - bar_h:.1f}" '
                     f'width="{min(step * 0.6, 80):.1f}" height="{bar_h:.1f}" fill="#c5cad1">'
                     f'<title>{esc(name)} : {esc(plural(volume, "verbatim"))}</title></rect>')
        parts.append(f'<text x="{cx:.1f}" y="{bars_top + bars_h - bar_h - 5:.1f}" text-anchor="middle" '
                     f'font-size="12" fill="#1a1a1a">{count(volume)}</text>')
        for k, line in enumerate(_wrap(name)):
            parts.append(f'<text x="{cx:.1f}" y="{labels_top + 14 * k:.1f}" text-anchor="middle" font-size="12.5" '
                         f'font-weight="600" fill="#1a1a1a">{esc(line)}</text>')
        if net is None:
            parts.append(f'<text x="{cx:.1f}" y="{y(0) - 8:.1f}" text-anchor="middle" font-size="11" '
                         f'fill="#5b6168">aucun verbatim</text>')
            continue
        bg, _ = net_colour(net)
        above = net < 0.75
        parts.append(f'<circle cx="{cx:.1f}" cy="{y(net):.1f}" r="7" fill="{bg}" stroke="#1a1a1a" stroke-width="1.5">'
                     f'<title>{esc(name)} : score net {french_number(net, sign=True)} sur '
                     f'{esc(plural(volume, "verbatim"))}</title></circle>')
        parts.append(f'<text x="{cx:.1f}" y="{y(net) + (-13 if above else 22):.1f}" text-anchor="middle" '
                     f'font-size="13" font-weight="700" fill="#1a1a1a">{french_number(net, sign=True)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def cards(report: JourneyReport) -> str:
    m = report.matrix
    n = int(m.volume.at[TOTAL, TOTAL])
    irr, enc, rup = (int(x.at[TOTAL, TOTAL]) for x in (m.irritants, m.enchantements, m.ruptures))

    def share(k):
        return f" ({percent(k / n)})" if n else ""

    items = [(count(n), "verbatims classés"),
             (count(irr) + share(irr), "irritants"),
             (count(enc) + share(enc), "enchantements"),
             (count(report.n_neutral) + share(report.n_neutral), "neutres"),
             (french_number((enc - irr) / n, sign=True) if n else "–", "score net global"),
             (count(rup) + share(rup), "ruptures de canal")]
    if report.first_date is not None:
        items.append((f"du {french_date(report.first_date)} au {french_date(report.last_date)}", "période"))
    return '<div class="cards">' + "".join(
        f'<div class="card{" wide" if k == "période" else ""}"><div class="value">{esc(v)}</div>'
        f'<div class="label">{esc(k)}</div></div>' for v, k in items) + "</div>"


def moments_table(report: JourneyReport) -> str:
    if not report.moments:
        return '<p class="note">Aucun point de contact ne remplit la règle ci-dessus.</p>'
    rows = []
    for rank, mo in enumerate(report.moments, 1):
        bg, fg = net_colour(mo.net)
        kind = "enchantement" if mo.net > 0 else "irritant"
        rows.append(f'<tr><td class="num">{rank}</td><td>{esc(mo.row_name)} × {esc(mo.channel_name)}</td>'
                    f'<td>{kind}</td><td class="num">{count(mo.volume)}</td><td class="num">{percent(mo.share)}</td>'
                    f'<td class="num" style="background:{bg};color:{fg}">{french_number(mo.net, sign=True)}</td>'
                    f'<td class="num">{count(mo.irritants)}</td><td class="num">{count(mo.enchantements)}</td>'
                    f'<td class="num">{count(mo.ruptures)}</td></tr>')
    return ('<table id="moments-table" class="data"><thead><tr><th class="num">Rang</th><th>Point de contact</th>'
            '<th>Dominante</th><th class="num">Verbatims</th><th class="num">Part</th><th class="num">Score net</th>'
            '<th class="num">Irritants</th><th class="num">Enchantements</th><th class="num">Ruptures</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def theme_list(themes, sampled: int, seen: int, kind: str) -> str:
    title = "Irritants" if kind == "irritant" else "Enchantements"
    head = f"<h4>{title} ({count(seen)})</h4>"
    if not seen:
        return f'<div class="{kind}s">{head}<p class="note">Aucun {kind}.</p></div>'
    note = ""
    if sampled < seen:
        note = (f'<p class="note">Thèmes d\'un échantillon aléatoire de {count(sampled)} verbatims '
                f'sur {count(seen)} ; des verbatims identiques comptent pour un.</p>')
    if not themes:
        return (f'<div class="{kind}s">{head}{note}<p class="note">Pas de thème récurrent : aucune expression '
                f'ne revient dans {MIN_COUNT} verbatims ou plus.</p></div>')
    items = []
    for theme in themes:
        examples = "".join(f"<li>« {esc(short(t))} »</li>" for t in theme.examples)
        items.append(f'<li class="theme"><span class="phrase">{esc(theme.label)}</span> '
                     f'<span class="count">{plural(theme.count, "verbatim")} ({percent(theme.share)})</span>'
                     f'<ul class="examples">{examples}</ul></li>')
    return f'<div class="{kind}s">{head}{note}<ol class="themes">{"".join(items)}</ol></div>'


def stage_themes(report: JourneyReport) -> str:
    out = []
    for r, name, volume, net in report.curve():
        found, samples = report.themes.get(r, {}), report.samples.get(r, {})
        lists = "".join(theme_list(found.get(kind, []), *samples.get(kind, (0, 0)), kind)
                        for kind in ("irritant", "enchantement") if kind in samples)
        score = f" · score net {french_number(net, sign=True)}" if net is not None else ""
        out.append(f'<article class="stage" id="etape-{esc(r)}"><h3>{esc(name)}</h3>'
                   f'<p class="note">{plural(volume, "verbatim")}{score}</p><div class="columns">{lists}</div></article>')
    return "".join(out)


def rupture_table(groups, caption: str, column: str, table_id: str) -> str:
    if not groups:
        return ""
    rows = []
    for g in groups:
        examples = "".join(f"<li>« {esc(short(t, 240))} »</li>" for t in g.examples)
        rows.append(f'<tr><td>{esc(g.label)}</td><td class="num">{count(g.count)}</td>'
                    f'<td><ul class="examples">{examples}</ul></td></tr>')
    return (f'<h3>{esc(caption)}</h3><table id="{table_id}" class="data"><thead><tr><th style="width:24%">'
            f'{esc(column)}</th><th class="num">Ruptures</th><th>Exemples</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def ruptures(report: JourneyReport) -> str:
    m = report.matrix
    total, n = int(m.ruptures.at[TOTAL, TOTAL]), int(m.volume.at[TOTAL, TOTAL])
    if not total:
        return '<p class="note">Aucune rupture de canal dans ce fichier.</p>'
    intro = (f"<p>{plural(total, 'verbatim')} ({percent(total / n)} des verbatims classés) "
             f"{'rapportent' if total > 1 else 'rapporte'} une rupture : le client n'a pas pu continuer sur le canal "
             "qu'il utilisait et a dû en changer, ou n'a pas pu en changer quand il le fallait.</p>"
             '<p class="note">Un verbatim qui cite trois canaux compte dans chacune de ses paires ; les exemples sont '
             "tirés au hasard (graine fixe) parmi les verbatims de la ligne.</p>")
    return (intro + rupture_table(report.rupture_pairs, "Par paire de canaux", "Canaux", "ruptures-pairs")
            + rupture_table(report.rupture_cells, "Par point de contact", "Étape × canal", "ruptures-cells"))


def provenance(report: JourneyReport) -> str:
    m, j = report.matrix, report.journey
    model = report.model
    if model:
        parts = [f"<code>{esc(model['name'])}</code>"]
        if model.get("path"):
            parts.append(f"dossier <code>{esc(model['path'])}</code>")
        parts.append(f"créé le {esc(model['created'])}")
        if model.get("version"):
            parts.append(f"verbatim2journey {esc(model['version'])}")
        if model.get("spacy_model"):
            parts.append(f"{esc(model['spacy_model'])}")
        if model.get("n_rows"):
            parts.append(f"appris sur {count(model['n_rows'])} verbatims")
        if model.get("sha256"):
            parts.append(f"sha256 du modèle <code>{esc(model['sha256'])}</code>")
        if model.get("corpus_sha256"):
            parts.append(f"sha256 du corpus <code>{esc(model['corpus_sha256'])}</code>")
        model_text = ", ".join(parts) + "."
    else:
        model_text = ("non indiqué : un fichier classé ne dit pas quel modèle l'a produit "
                      "(<code>v2j report --model DOSSIER</code> le mentionne ici).")
    rows_text = f"{plural(report.n_rows, 'ligne')} lue{'s' if report.n_rows > 1 else ''}, {count(m.n_tagged)} classée{'s' if m.n_tagged > 1 else ''}"
    if m.n_skipped:
        rows_text += f", {count(m.n_skipped)} sans étiquette (texte vide ou manquant) laissée{'s' if m.n_skipped > 1 else ''} de côté"
    if m.n_uncertain_stage:
        rows_text += (f", {count(m.n_uncertain_stage)} à l'étape incertaine "
                      f"laissée{'s' if m.n_uncertain_stage > 1 else ''} de côté")
    if report.date_column:
        dates = (f"colonne <code>{esc(report.date_column)}</code>"
                 + (f", du {french_date(report.first_date)} au {french_date(report.last_date)}"
                    if report.first_date is not None else "")
                 + (f" ; {plural(report.n_undated, 'ligne')} sans date lisible" if report.n_undated else ""))
    else:
        dates = "aucune colonne de date reconnue (<code>--date-column NOM</code> en désigne une)"
    items = [
        ("Fichier", f"<code>{esc(report.source)}</code>, texte lu dans la colonne "
                    f"<code>{esc(report.text_column or '')}</code>"),
        ("Lignes", rows_text + "."),
        ("Dates", dates + "."),
        ("Parcours", f"{esc(j.name)} (version {esc(j.version)}), lignes de la matrice : {esc(report.framework_name)}."),
        ("Modèle", model_text),
        ("Score net", "(enchantements − irritants) / volume, de −1 à +1 ; une polarité incertaine compte dans le "
                      "volume, ni comme irritant ni comme enchantement."),
        ("Moments de vérité", esc(moment_rule())),
        ("Thèmes", "expressions clés lemmatisées par spaCy (<code>fr_core_news_sm</code> : noms, verbes et groupes "
                   "nominaux courts comme « délai de livraison »), comptées une fois par verbatim (des verbatims "
                   "identiques comptent pour un) et classées par "
                   "TF-IDF par groupe, afin que les mots de toutes les étapes ne masquent pas ceux de l'étape ; une "
                   f"expression doit revenir dans au moins {MIN_COUNT} verbatims. Au-delà de quelques centaines de "
                   "verbatims par étape et polarité, les thèmes viennent d'un échantillon aléatoire à graine fixe : "
                   "deux rapports du même fichier sont identiques."),
        ("Édition", f"page produite par verbatim2journey le {french_date(report.generated)}."),
    ]
    return '<dl class="provenance">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in items) + "</dl>"


def rows_text(report: JourneyReport) -> str:
    if report.framework == "default":
        return "Étapes du parcours dans l'ordre"
    return f"Étapes du parcours regroupées selon {report.framework_name}"


def render_report(report: JourneyReport) -> str:
    period = ""
    if report.first_date is not None:
        period = f" · du {french_date(report.first_date)} au {french_date(report.last_date)}"
    return f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="generator" content="verbatim2journey">
<title>{esc(report.title)}</title>
<style>{STYLE}</style>
</head>
<body>
<main>
<header>
<h1>{esc(report.title)}</h1>
<p class="meta">{esc(report.source)} · {plural(report.matrix.n_tagged, "verbatim")} classés{period} · parcours « {esc(report.journey.name)} »</p>
<nav><a href="#synthese">Synthèse</a><a href="#matrice">Matrice</a><a href="#courbe">Courbe</a><a href="#moments">Moments de vérité</a><a href="#themes">Irritants et enchantements</a><a href="#ruptures">Ruptures</a><a href="#methode">Méthode</a></nav>
</header>
<section id="synthese" class="block"><h2>Synthèse</h2>{cards(report)}</section>
<section id="matrice" class="matrix-section"><h2>Matrice des points de contact</h2>
<p>{esc(rows_text(report))} × canaux cités (« non précisé » : aucun canal cité). La couleur suit le score net : (enchantements − irritants) / volume.</p>
{legend()}{heatmap(report)}</section>
<section id="courbe" class="curve-section block"><h2>Courbe de satisfaction</h2>
<p>Score net de chaque étape le long du parcours ; les barres donnent le nombre de verbatims de l'étape.</p>
<figure style="margin:0">{satisfaction_curve(report)}</figure></section>
<section id="moments" class="block"><h2>Moments de vérité</h2>
<p class="rule" id="moments-rule">{esc(moment_rule())}</p>
{moments_table(report)}</section>
<section id="themes"><h2>Irritants et enchantements par étape</h2>
<p class="note">Thèmes récurrents : expressions clés lemmatisées, avec le nombre de verbatims qui les emploient et quelques verbatims représentatifs.</p>
{stage_themes(report)}</section>
<section id="ruptures"><h2>Ruptures de canal</h2>{ruptures(report)}</section>
<section id="methode" class="block"><h2>Méthode et provenance</h2>{provenance(report)}</section>
</main>
</body>
</html>
"""
