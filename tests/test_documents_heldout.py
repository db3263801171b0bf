"""The held-out document corpora (issue 15): free-form documents for five assignments, each corpus written by
someone who never read the reader, with verdict tables decided before any run, graded through the same path as
tests/test_documents_corpus.py.

- documents3 (40 documents, second session): first run 537/648 (82.9 %), 2 false accepts, 75 disagreements not
  marked for review. Fixed on since (quotations, threads, notebooks, tables, doubt ...): 634/648 (97.8 %),
  0 false accepts, 1 unmarked (lin-06's 6a: the rotation checker counts the direction wrong when the axis is
  wrong, 0.5 for the table's 0.75: a checker rule, not a reading).
- documents5 (36 documents, third session): first run on the second session's reader 490/597 (82.1 %), 0 false
  accepts, 31 unmarked; on the third session's reader branch alone (which never saw it) 507/597 (84.9 %),
  0 false accepts, 16 unmarked. The lead fixed on it (LaTeX commands with arguments, knitr output, grid tables,
  labels under headings, formulas without `$` ...): 564/597 (94.5 %), 0 false accepts, 8 unmarked, all in two
  Colab notebooks.
- documents7 (30 documents, third session): measured once on the merged reader before any fix: 438/486
  (90.1 %), 1 false accept, 16 unmarked (the first-run table per style is in docs/submissions.md). The false
  accept (a wrong conclusion after right working) is fixed, and six more general readings it showed (runs
  'b) bis e)', a run's values on one plain-text line, pandoc's escaped brackets, answers in plain code blocks,
  labels in inline code, decimals after a symbolic result): 456/486 (93.8 %), 0 false accepts, 7 unmarked.
- documents8 (25 documents, third session): measured once, after all the above, before any fix: 362/405
  (89.4 %), 0 false accepts, 14 unmarked. Fourth session: a student's own names graded with their definitions
  written in, plain-text pipe tables, inline code and pandoc's `^sup^`: 398/405. Fixed since (a lettered list nested in a numbered one lettered the
  outer items, '\\item[a.]' lost its label, an align row starting with '+' carries on the expression above):
  371/405 (91.6 %), 0 false accepts, 6 unmarked; an answer that uses a name the student defined ('Let
  $e = ...$', then e, read as Euler's number) is now marked for review: 4 unmarked. Left: a rotation's
  partial thirds, prose out of order.

- documents9 (25 documents, fourth session, an international class: LyX, Google Lens OCR, e-mail, R Markdown
  with pasted `#>` output, numpy 2 reprs, long prose): measured once after the fixes from documents8, before any
  fix from it: 348/405 (85.9 %), 0 false accepts, 12 unmarked. Fixed since (inline formulas over several lines,
  a loop printing part letters, numbered `\\section`s, "No. 4", ```math fences, a case before a formula, an e-mail's
  sign-off, "will bring it on paper", pasted R output, numpy 2 scalars and tuples, clauses of long prose, a sum
  whose sizes do not fit is wrong, not unreadable): 404/405 (99.8 %), 0 false accepts, 0 unmarked.

- documents10 (25 documents, fourth session, a North-American class: Google Docs Markdown with `\\=`, Word's
  UnicodeMath `[■(a&b@c&d)]`, Colab, Notion, GitHub, R Markdown, answer tables with a notes column): measured
  once after every fix from documents9, before any fix from it: 346/405 (85.4 %), 0 false accepts, 11 unmarked
  (one Google Docs export alone lost 24 parts). Fixed since: 400/405 (98.8 %), 0 false accepts, 0 unmarked.

- documents11 (25 documents, fourth session, adult learners online: e-mails, phone text, notes apps, forum
  posts, MATLAB and Octave windows, Wolfram|Alpha copies) and documents12 (25, an engineering class: tcolorbox,
  REVTeX, IEEEtran, Typst, AsciiDoc, Mathematica and MATLAB exports), both measured once after every fix from
  documents10, before any fix from them: 349/405 (86.2 %), 0 false accepts, 15 unmarked; and 281/405 (69.4 %),
  0 false accepts, 33 unmarked. Console transcripts (MATLAB, Octave, Mathematica) and two markups (AsciiDoc,
  Typst) were read since, with per-row \\tag{3a} labels, \\emph{4(b)} mid-line and `•` bullets, the Symbolic Math Toolbox's
  bracketed rows, "t stands for theta" and Wolfram|Alpha's Input/Result pairs: 378/405 (93.3 %) and 376/405
  (92.8 %).

- documents13 (25 documents, fourth session, a Moodle class writing partly in Spanish, Portuguese, French and
  Vietnamese: essay-box HTML, pandoc's running list numbers, LibreOffice, phone Markdown): measured once after
  every fix above, before any fix from it: 340/405 (84.0 %), 0 false accepts, 16 unmarked. Fixed since (the
  form's HTML, rotations described in Spanish/French/German words, `P3(a)` labels, pandoc's item numbers under
  "Question 2", `r² sin θ`, "Problem 5 not attempted"): 383/405 (94.6 %), 0 false accepts, 1 unmarked; and
  documents12 to 376/405 (92.8 %).

- documents14 (25 documents, fourth session, a first-year class pasting from chat assistants (`\\(...\\)`),
  Symbolab step lists, Notability OCR, Word): measured once after every fix above, before any fix from it:
  373/405 (92.1 %), 0 false accepts, 7 unmarked, the best first run so far. Fixed since (Symbolab's
  `( 25 20 ; 20 25 )`, `1)a)` labels, "1/3 ??", a sympy tuple of two formulas, an answer column typed as code, a negation inside
  a remark): 389/405 (96.0 %).

- documents15 (25 documents, fourth session, a graduate class in research tools: MyST, Org-mode,
  reStructuredText, pandoc fenced divs, Quarto, R Markdown): measured once after every fix above, before any
  fix from it: 340/405 (84.0 %), 0 false accepts, 18 unmarked (MyST 62.5 %, reStructuredText 42.3 %, one
  answered out of order 31.2 %). Fixed since (`:math:` and `.. math::`, MyST's ```{math} and {math}`...`, a run
  of parts over one display of vectors, knitr output under a chunk's `# 4a` comments, `3a. $w$ 3b. $x_i$` on one
  line, a run's values on the line under it): 380/405 (93.8 %).

- documents16 (25 documents, fourth session, a statistics department: the R console pasted as text, R Markdown,
  Jupyter): measured once after every fix above, before any fix from it: 348/405 (85.9 %), 0 false accepts,
  22 unmarked (the R console 31.4 %). With the R console read (`>` prompts, printed objects, `ANS 1b:` marks,
  "(above)", knitr output as outputs, a tuple of arrays, `# 5b, 5c, 5d, 5e` over four prints, a rerun
  after "that's wrong"): 365/405 (90.1 %).

- documents17 (25 documents, fourth session, written in exactly the issue's list of styles: Overleaf, Jupyter,
  Obsidian/Typora, pandoc from Word, Mathpix OCR, terse plain text, tables, half-finished, out of order with
  prose): measured once after every fix above, before any fix from it: 388/405 (**95.8 %**), 0 false accepts,
  3 unmarked, the best first run. Fixed since (a printed `[a, b]` under "(a) and (b)" is a vector, not one
  value per part): 392/405 (96.8 %).

- documents18 (20 documents, fourth session, again exactly the issue's list of styles, written in the last half
  hour): measured once, before any fix from it: 314/324 (**96.9 %**), 4 unmarked, and 1 "false accept" that
  is the table's and not the grader's: ml-04 2b is a chain with one false step, which the spec's
  `partial: proportional` credits 2 of 4 steps and the table marks incorrect. Not fixed from (the session ended).

- documents19 to documents25 (fifth session, 25 documents each, all in exactly the issue's list of styles, each
  corpus from another class persona, written by helpers who never read the reader): each measured once, on the
  reader as it then stood, before any fix from it (first runs in /work/notes and docs/submissions.md):
  documents19 (a UK "Mathematical Methods" module) 350/405 (86.4 %), 2 false accepts (both the checker's, fixed:
  a derivation stopping half in the start's form, a 3D direction left to the right-hand rule), 14 unmarked;
  documents20 (an Asian first-year data-science class) 365/405 (90.1 %), 0, 8; documents21 (a US graduate ML class)
  383/405 (94.6 %), 0, 3; documents22 (a US liberal-arts class) 395/405 (**97.5 %**), 0 false accepts, 2 unmarked
  (one a reader's, fixed since; one 1g follow-through the spec does not give); documents23 (a continental-European
  class: decimal commas, pandoc tables) 351/405 (86.7 %), 0, 10; documents24 (an Australian industry class: code
  notation, 3-dp decimals) 358/405 (88.4 %), 1 "false accept" that is the table's (7a: 3 of 4 entries, which the
  spec's `partial: proportional` credits), 22 unmarked; documents25 (a bilingual Canadian class) 381/405 (94.1 %), 0,
  6; documents26 (an Indian institute of technology: the physics package, quantity columns) 366/405 (90.4 %), 0, 2;
  documents27 (a summer-school refresher class) 357/405 (88.1 %), 0, 25 (its table marks the derivation parts 1b and
  2b of ml-calculus `manual`, which the spec grades; and one notebook keeps its outputs in Markdown cells).
- documents28 (a South African class) and documents29 (a Brazilian class), written during the session's last hour and
  measured once on the reader as it then stood: 359/405 (88.6 %), 0 false accepts, 15 unmarked; and 348/405
  (85.9 %), 0, 23 (their tables too mark some derivation parts `manual`). Two readings were added from documents29
  since (typed indices `yi`, decimal commas in plain text): 356/405.

- documents30 to documents44 (sixth session, 25 documents each in exactly the issue's nine kinds of document, each
  from another class persona, written by helpers who never read the reader; their prompt now says `manual` is only
  for K2 7b): measured once each before any fix from it, in three rounds (first runs in /work/notes/
  documentsN-first-run.txt). Round 1, on the reader after the session's fixes from documents19-29: documents30
  (German Fachhochschule) 352/405 (86.9 %), 1 false accept (a reader's, fixed), 26 unmarked; documents31 (MOOC) 377
  (93.1 %), 0, 11; documents32 (Korean/Japanese) 381 (94.1 %), 0, 8; documents33 (French prépa) 326 (80.5 %), 0, 33;
  documents34 (Nigerian/Kenyan) 381 (94.1 %), 0, 10; documents35 (US community college) 381 (94.1 %), 0, 4.
  Round 2, after the fixes from round 1: documents36 (Mexican/Colombian) 369 (91.1 %), 1, 19; documents37 (mainland
  Chinese) 347 (85.7 %), 2, 32; documents38 (Scandinavian) 364 (89.9 %), 1 (the table's), 15; documents39 (US dual
  enrollment) 387 (95.6 %), 2 (the reader's, fixed), 7; documents40 (Turkish/Egyptian) 364 (89.9 %), 0, 11;
  documents41 (Russian/East European) 286 (70.6 %), 0, 44. Round 3, after the fixes from round 2: documents42 (UK
  Open University) 378 (93.3 %), 0, 11; documents43 (Indian NPTEL) 365 (90.1 %), 1 (a rule the tables split on,
  now reviewed), 15; documents44 (Dutch/Flemish) 370 (91.4 %), 0, 10. The fixes from them were general readings
  (languages' words for directions, scales, kinds of maps and quadrilaterals; Cyrillic and full-width labels; CJK
  problem numbers; definitions in many languages and forms; review codes for doubtful verdicts ...), each probed
  in tests/test_document_styles.py; no corpus of documents3-29 lost an agreement.

- documents45 to documents50 (seventh session, the same prompt, six class personas): measured once each before
  any fix from it, in two rounds. Round 1, on the reader after the session's first fixes from documents3-44 (the
  problem's own p in ml-calculus, ⟨a, b⟩, calculator and space-aligned matrices, t typed for θ, ...): documents45
  (Italian Politecnico) 371/405 (91.6 %), 1 false accept (a partial-credit rule the tables split on, reviewed), 12
  unmarked; documents46 (Vietnamese) 350 (86.4 %), 0, 27; documents47 (Persian) 344 (84.9 %), 0, 23. Round 2, after
  the fixes from round 1 (languages' rotation words as data, table headers, Greek and Persian part letters):
  documents48 (Greek) 345 (85.2 %), 0, 13; documents49 (Spanish UNED) 346 (85.4 %), 0, 20; documents50 (US
  physics majors) 386 (95.3 %), 1 (a rule the tables split on, now reviewed), 5.

- documents51 to documents62 (seventh session, twelve more class personas, three rounds): round 1, after the fixes
  from documents45-50: documents51 (Indonesian/Malaysian) 371/405 (91.6 %), 0 false accepts, 16 unmarked;
  documents52 (Hebrew) 348 (85.9 %), 0, 21; documents53 (Czech/Slovak) 321 (79.3 %), 0, 30. Round 2, after the
  fixes from round 1: documents54 (UK, Word's equation editor) 386 (95.3 %), 0, 3; documents55 (Japanese) 320
  (79.0 %), 0, 35; documents56 (Portuguese) 357 (88.1 %), 0, 13. Round 3, after the fixes from rounds 1-2:
  documents57 (Canadian engineering) 372 (91.9 %), 0, 10; documents58 (US high-school dual credit) 372 (91.9 %),
  0, 13; documents59 (Australia/New Zealand) 374 (92.3 %), 1 (the reader's, fixed: a notes column read as the
  answer), 15; documents60 (Indian B.Tech) 367 (90.6 %), 0, 4; documents61 (Korean) 347 (85.7 %), 0, 19;
  documents62 (Arabic) 361 (89.1 %), 0, 14.

- documents63 to documents68 (seventh session, round 4, after the fixes from documents57-62): documents63 (US
  state university) 391/405 (96.5 %), 0 false accepts, 1 unmarked; documents64 (Oxford/Cambridge/Imperial)
  397 (98.0 %), 0, 5; documents65 (data-science bootcamp) 375 (92.6 %), 1 (a rule the tables split on, marked), 7;
  documents66 (Ghana/Uganda) 377 (93.1 %), 1 (the same for a derivation's partial credit), 6; documents67
  (Singapore/Hong Kong) 386 (95.3 %), 1 (a rule the tables split on, marked), 3; documents68 (Philippines) 363
  (89.6 %), 1 (a derivation's share, marked), 14. documents64 is the first first run above 97 %; with 5
  disagreements not marked for review it still misses the target, as documents63 does with 96.5 % and 1.

- documents69 to documents74 (eighth session, after fixes from documents45-68, reader dc07a09): documents69 (Polish
  Politechnika) 364/405 (89.9 %), 0 false accepts, 15 unmarked; documents70 (Québec, in French) 346 (85.4 %), 0, 30;
  documents71 (Irish module) 368 (90.9 %), 1 (A after an unnormalised V, a rule the tables split on, marked), 15;
  documents72 (Bangladesh/Nepal) 386 (95.3 %), 0, 6; documents73 (Swiss ETH/EPFL) 366 (90.4 %), 0, 9; documents74
  (US online master's) 380 (93.8 %), 0, 5. None meets the target.

- documents75 to documents80 (after fixes from documents69-74, reader c34d6bd): documents75 (Scottish) 374/405
  (92.3 %), 1 (a derivation's credit the tables split on, marked), 5 unmarked; documents76 (Taiwan) 362 (89.4 %), 0,
  11; documents77 (Argentina/Chile) 357 (88.1 %), 0, 14; documents78 (Finland/Estonia) 362 (89.4 %), 0, 10;
  documents79 (US HBCU) 380 (93.8 %), 0, 9; documents80 (Thailand) 369 (91.1 %), 2 (a K2 chain that only restates
  start = target, fixed by K2's min_steps: 2; a derivation's credit after a false step, now marked), 16.
- documents81 to documents86 (after fixes from documents75-80, reader e428583): documents81 (Romania/Bulgaria) 345
  (85.2 %), 0, 27; documents82 (Pakistan) 376 (92.8 %), 0, 4; documents83 (West Indies) 368 (90.9 %), 2 (disputes,
  marked), 5; documents84 (US honors) 352 (86.9 %), 2 (the reader's 7b sentence given to an empty 4g, marked; a
  derivation's credit after a false step, now marked), 20; documents85 (Germany) 345 (85.2 %), 0, 23; documents86
  (Hungary) 321 (79.3 %), 0, 17.
- documents87 to documents92 (after fixes from documents81-86, reader 4885111): documents87 (Egypt) 367 (90.6 %), 0,
  16; documents88 (Kazakhstan/Uzbekistan) 360 (88.9 %), 1 (A after inconsistent factors, marked), 10; documents89
  (Sri Lanka) 376 (92.8 %), 2 (derivations' credit, marked), 6; documents90 (Belgium) 348 (85.9 %), 0, 15;
  documents91 (Ethiopia/Rwanda) 373 (92.1 %), 0, 16; documents92 (Croatia/Serbia) 299 (73.8 %), 0, 31. None of the
  24 corpora of this session meets the target.
- documents93 to documents98 (ninth session, on the reader whose words of other languages are data, one file per
  language, reader 2c5aced): documents93 (Ukraine) 363 (89.6 %), 0, 21; documents94 (Catalonia) 384 (94.8 %), 0, 7;
  documents95 (Lithuania/Latvia) 372 (91.9 %), 0, 7; documents96 (US Big Ten) 387 (95.6 %), 0, 0 (every disagreement
  marked); documents97 (Turkey) 382 (94.3 %), 0, 11; documents98 (Armenia, a language with no file then) 353
  (87.2 %), 0, 16. Mean 92.2 % (rounds C and D of the eighth session: 86.7 % and 87.4 %). None meets the target.

The issue's target (at least 97 % of parts agree, no false accept, every disagreement marked for review) is met
by none of them out of sample: the first runs were 82.9 %, 82.1 % (84.9 % on the third session's reader branch),
90.1 % and 89.4 %. A document with a disagreement not marked for review runs as a strict xfail, so
that a fix shows and every other document must keep agreeing or being flagged; every document must have no
false accept. `python tests/test_documents_heldout.py [corpus]` prints the tables and every disagreement.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from corpus_tables import HeldOut, graded, grader_for  # noqa: E402

TARGET = 0.97


class Corpus:
    """One held-out corpus with what it is known to keep: an agreement floor, and the documents that still have a
    disagreement not marked for review."""

    def __init__(self, name: str, floor: float, unflagged: set[str], why: str,
                 disputed: dict[str, str] | None = None) -> None:
        self.name, self.floor, self.unflagged, self.why = name, floor, unflagged, why
        self.heldout = HeldOut(name)
        self.disputed = disputed or {}
        """Documents with a false accept kept as a strict xfail of the no-false-accept test: a table that gives no
        credit where the spec's own rule gives some (kept as written, since tables are decided before any run), or
        a reader's false accept not fixed yet; file → why, saying which."""


CORPORA = [
    Corpus("documents3", 0.985, {"lin-05-table-maps.md", "lin-06-forum-qa.md"},
           "lin-06 6a: the rotation checker counts the direction wrong when the axis is wrong (0.5 for 0.75)"),
    Corpus("documents5", 0.97, {"k2-02-colab-numpy.ipynb"},
           "Colab notebooks whose outputs are not tied to parts (left as found)"),
    Corpus("documents7", 0.98, set(),
           "held-out documents7 left as measured (see the module docstring)"),
    Corpus("documents8", 0.99, {"lin-04-answer-table.md"},
           "held-out documents8 left as measured (see the module docstring)"),
    Corpus("documents9", 0.995, set(), "held-out documents9 left as measured (see the module docstring)"),
    Corpus("documents10", 0.99, set(), "held-out documents10 left as measured (see the module docstring)"),
    Corpus("documents11", 0.95, set(),
           "held-out documents11 left as measured (see the module docstring)"),
    Corpus("documents12", 0.96, {"eig-04-matlab-livescript.md"},
           "held-out documents12 left as measured (see the module docstring)"),
    Corpus("documents13", 0.975, set(), "held-out documents13 left as measured (see the module docstring)"),
    Corpus("documents15", 0.985, set(),
           "held-out documents15 left as measured (see the module docstring)"),
    Corpus("documents16", 0.95, {"jac-04-r-console.txt"},
           "held-out documents16 left as measured (see the module docstring)"),
    Corpus("documents18", 0.985, set(),
           "held-out documents18 left as measured (see the module docstring)",
           disputed={"ml-04-plain.txt": "2b: the table says incorrect for a chain with one false step, where the "
                                        "spec's `partial: proportional` gives 2 of 4 steps"}),
    Corpus("documents17", 0.975, set(),
           "held-out documents17 left as measured (see the module docstring)"),
    Corpus("documents14", 0.97, set(),
           "held-out documents14 left as measured (see the module docstring)"),
    Corpus("documents19", 0.98, {"ml-04-half-finished.md"},
           "ml-04 1b: a chain stopped mid-way; the table gives a third, the spec's rule credits only a finished chain"),
    Corpus("documents20", 0.965, {"ml-03-obsidian.md", "ml-04-out-of-order.md"},
           "held-out documents20 left as measured (see the module docstring)"),
    Corpus("documents21", 0.965, set(), "held-out documents21 left as measured (see the module docstring)"),
    Corpus("documents22", 0.98, set(),
           "eig-22 1g: U Σ Vᵀ with the student's unnormalised V (2A); the spec follows 1g through 1d, 1f only"),
    Corpus("documents23", 0.95, set(), "held-out documents23 left as measured (see the module docstring)"),
    Corpus("documents24", 0.945, {"k2-01-overleaf.tex", "lin-18-jupyter.ipynb"},
           "held-out documents24 left as measured (see the module docstring)",
           disputed={"k2-01-overleaf.tex": "7a: the table gives no credit for (−2.639, 0.190, 1.742, −3.157), which K2's "
                                           "`matrix_tolerance: norm` accepts (three other tables credit it in full)"}),
    Corpus("documents25", 0.975, {"lin-03-outoforder.md"},
           "held-out documents25 left as measured (see the module docstring)"),
    Corpus("documents26", 0.95, {"lin-20-table.md"},
           "held-out documents26 left as measured (see the module docstring)"),
    Corpus("documents27", 0.915, {"k2-04-mathpix.md", "k2-05-outoforder.md", "ml-01-obsidian.md", "ml-02-pandoc.md"},
           "held-out documents27 left as measured (see the module docstring)"),
    Corpus("documents28", 0.91, {"eig-24-obsidian.md", "k2-02-mathpix.md", "lin-19-outoforder.md", "ml-08-pandoc.md", "ml-10-overleaf.tex"},
           "held-out documents28 left as measured on its first run (see the module docstring)"),
    Corpus("documents29", 0.895, {"eig-01-jupyter.ipynb", "jac-05-halffinished.md", "lin-01-obsidian.md", "lin-03-outoforder.md", "ml-04-overleaf.tex"},
           "held-out documents29 left as measured on its first run (see the module docstring)"),
    Corpus("documents30", 0.97, {"jac-05-plaintext.txt", "k2-05-jupyter-numpy.ipynb"},
           "held-out documents30 (German Fachhochschule class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents31", 0.96, {"k2-05-markdown-table.md", "ml-07-pandoc-word.md"},
           "held-out documents31 (MOOC learners class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents32", 0.955, {"jac-05-out-of-order.md", "k2-03-mathpix.md", "lin-05-mathpix.md"},
           "held-out documents32 (Korean/Japanese exchange class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents33", 0.935, {"eig-24-obsidian.md", "lin-19-half-finished.md", "ml-06-pandoc-word.md"},
           "held-out documents33 (French prépa class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents34", 0.95, {"k2-05-out-of-order.md", "ml-01-jupyter.ipynb"},
           "held-out documents34 (Nigerian/Kenyan class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents35", 0.97, set(),
           "held-out documents35 (US community college class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents36", 0.97, {"ml-02-obsidian-notes.md", "ml-04-table-markdown.md"},
           "held-out documents36 (Mexican/Colombian class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents37", 0.915, {"jac-15-half-finished-word.md", "k2-03-typora-notes.md", "lin-18-jupyter-numpy.ipynb", "lin-20-out-of-order-prose.md"},
           "held-out documents37 (mainland Chinese class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents38", 0.955, {"jac-15-half-finished.txt", "k2-02-ocr.md", "k2-05-jupyter.ipynb", "lin-16-table.md", "lin-20-jupyter.ipynb", "ml-10-out-of-order.md"},
           "held-out documents38 (Scandinavian class) left as measured after fixes from its first run (see the module docstring)",
           disputed={"k2-05-jupyter.ipynb": "3e: the table marks y_i(x_i − Σ_k y_k x_k), K2's reference answer, incorrect"}),
    Corpus("documents39", 0.975, {"eig-25-out-of-order.md", "jac-12-plain-text.txt", "k2-01-overleaf-article.tex"},
           "held-out documents39 (US dual enrollment class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents40", 0.92, {"k2-03-mathpix-ocr.md", "ml-03-terse.txt", "ml-04-out-of-order.md"},
           "held-out documents40 (Turkish/Egyptian class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents41", 0.92, {"jac-04-table.md", "k2-01-overleaf.tex", "k2-03-mathpix.md", "k2-04-table.md"},
           "held-out documents41 (Russian/East European class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents42", 0.935, {"eig-01-jupyter.ipynb", "eig-05-out-of-order.md", "jac-04-half-finished-obsidian.md", "ml-03-out-of-order-pandoc.md", "ml-04-table.md"},
           "held-out documents42 (UK Open University class) left as measured after fixes from its first run (see the module docstring)",
           disputed={"ml-04-table.md": "2b: every step of the chain is valid, which the spec credits in full; the table takes a third off for the factoring step the student skipped"}),
    Corpus("documents43", 0.94, {"jac-15-obsidian.md", "k2-02-whatsapp.txt", "lin-18-half.md", "ml-06-colab.ipynb", "ml-08-table.md", "ml-09-outoforder.md"},
           "held-out documents43 (Indian NPTEL class) left as measured after fixes from its first run (see the module docstring)",
           disputed={"eig-23-whatsapp.txt": "1g: A written after a wrong U: the table says incorrect, the spec's carry_forms: false credits A (marked for review, code key_over_own)"}),
    Corpus("documents44", 0.925, {"eig-25-outoforder.md", "lin-19-outoforder.md"},
           "held-out documents44 (Dutch/Flemish class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents45", 0.945, {"eig-24-plain.txt", "lin-16-plain.txt", "lin-18-outoforder.md"},
           "held-out documents45 (Italian Politecnico class) left as measured after fixes from its first run (see the module docstring)",
           disputed={"ml-10-overleaf.tex": "2b: a chain with a false step after a first step that restates the prompt's own start: the table gives no credit, partial: proportional credits the restatement (marked for review; documents49's table counts such a step too)"}),
    Corpus("documents46", 0.97, {"jac-04-table.md", "k2-04-plaintext.txt", "lin-05-table.md"},
           "held-out documents46 (Vietnamese Bach khoa class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents47", 0.92, {"k2-01-overleaf.tex", "k2-03-ocr.md", "k2-04-half-finished.md", "k2-05-out-of-order.md", "ml-08-plain.txt"},
           "held-out documents47 (Iranian class writing partly in Persian) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents48", 0.9, {"eig-22-pandoc.md", "lin-18-obsidian.md", "ml-06-obsidian.md"},
           "held-out documents48 (Greek university class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents49", 0.91, {"eig-22-pandoc.md", "jac-14-pandoc.md", "ml-08-plaintext.txt"},
           "held-out documents49 (Spanish UNED distance-learning class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents50", 0.96, {"eig-05-plaintext.txt"},
           "held-out documents50 (US physics-major class) left as measured after fixes from its first run (see the module docstring)",
           disputed={"eig-03-pandoc.md": "1g: A written after a U that is the key's but not what the student's own flipped V gives: the table says incorrect, carry_forms: false credits A (marked for review, code key_over_own)"}),
    Corpus("documents51", 0.95, {"eig-22-obsidian.md", "lin-18-half-finished.txt", "ml-09-out-of-order.md"},
           "held-out documents51 (Indonesian/Malaysian class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents52", 0.93, {"eig-25-out-of-order.md", "jac-12-mathpix-ocr.md", "ml-09-table.md"},
           "held-out documents52 (Israeli class writing partly in Hebrew) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents53", 0.925, {"eig-25-outoforder.md", "jac-11-jupyter.ipynb", "lin-16-pandoc.md", "lin-17-overleaf.tex", "lin-18-jupyter.ipynb"},
           "held-out documents53 (Czech/Slovak class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents54", 0.985, set(),
           "held-out documents54 (UK/Irish class typing in Word's equation editor) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents55", 0.88, {"jac-11-jupyter-sympy.ipynb", "k2-03-mathpix-ocr.md", "k2-05-plain.txt", "lin-17-overleaf.tex", "lin-20-mathpix-ocr.md", "ml-09-table.md"},
           "held-out documents55 (Japanese class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents56", 0.92, {"eig-21-jupyter.ipynb", "eig-25-outoforder.md"},
           "held-out documents56 (Portuguese class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents57", 0.94, {"k2-05-out-of-order.md", "lin-19-mathpix-ocr.md", "lin-20-out-of-order.md", "ml-10-half-finished.md"},
           "held-out documents57 (Canadian engineering co-op class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents58", 0.96, {"jac-11-jupyter-sympy.ipynb", "k2-05-jupyter-colab.ipynb", "ml-09-out-of-order.md"},
           "held-out documents58 (US high-school dual-credit class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents59", 0.95, {"k2-03-ocr.md", "lin-18-pandoc.md", "lin-20-jupyter.ipynb"},
           "held-out documents59 (Australian/New Zealand class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents60", 0.935, set(),
           "held-out documents60 (Indian B.Tech class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents61", 0.93, {"jac-12-ocr.md", "k2-02-jupyter.ipynb", "lin-18-jupyter.ipynb"},
           "held-out documents61 (Korean class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents62", 0.92, {"jac-11-jupyter.ipynb", "lin-17-half-finished.md", "lin-18-out-of-order.md", "lin-20-jupyter.ipynb"},
           "held-out documents62 (Gulf class writing partly in Arabic) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents63", 0.97, {"k2-02-jupyter.ipynb"},
           "held-out documents63 (US state-university lecture course) left as measured after fixes from its first run (see the module docstring); "
           "k2-02's problem 5 loop cell is malformed: its execute_result holds the vectors twice, [1, 1] … in `data` (what "
           "Jupyter shows, and what we read) and the table's [1, 2] … in a `text` key that nbformat does not have"),
    Corpus("documents64", 0.98, {"eig-02-jupyter.ipynb", "eig-04-terse.txt", "ml-05-half-finished.md"},
           "held-out documents64 (Oxford/Cambridge/Imperial first years) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents65", 0.93, {"jac-15-obsidian.md", "k2-05-outoforder.md", "lin-18-jupyter.ipynb", "ml-06-obsidian.md", "ml-10-jupyter.ipynb"},
           "held-out documents65 (online data-science bootcamp) left as measured after fixes from its first run (see the module docstring)",
           disputed={"eig-22-obsidian.md": "1g: A written after a U or V inconsistent with the student's own factors: the table says incorrect, carry_forms: false credits A (marked for review, code key_over_own)"}),
    Corpus("documents66", 0.93, {"lin-19-out-of-order.txt", "ml-09-half-finished.md"},
           "held-out documents66 (Ghanaian/Ugandan engineering class) left as measured after fixes from its first run (see the module docstring)",
           disputed={"ml-10-overleaf.tex": "2b: a chain with a false step: the table gives no credit, partial: proportional credits its valid steps (the restated start and the last renaming; marked for review)"}),
    Corpus("documents67", 0.965, {"eig-22-jupyter.ipynb", "eig-25-outoforder.md"},
           "held-out documents67 (Singapore/Hong Kong class) left as measured after fixes from its first run (see the module docstring)",
           disputed={"eig-24-terse.txt": "1g: A written after a U or V inconsistent with the student's own factors: the table says incorrect, carry_forms: false credits A (marked for review, code key_over_own)"}),
    Corpus("documents68", 0.935, {"jac-11-jupyter-sympy.ipynb", "k2-01-overleaf.tex", "k2-03-mathpix-ocr.md", "ml-08-table.md"},
           "held-out documents68 (Philippine class) left as measured after fixes from its first run (see the module docstring)",
           disputed={"ml-07-obsidian.md": "2b: a chain with one false step: the table's share and partial: proportional's share of valid steps differ (marked for review)"}),
    Corpus("documents69", 0.94, {"jac-05-out-of-order.md", "k2-02-jupyter.ipynb", "lin-01-table.md", "lin-02-pandoc.md", "lin-03-jupyter.ipynb", "ml-05-table.md"},
           "held-out documents69 (Polish Politechnika class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents70", 0.9, {"eig-01-jupyter-numpy.ipynb", "eig-04-plain.txt", "eig-05-out-of-order-prose.md", "jac-03-jupyter-sympy.ipynb", "k2-05-out-of-order-prose.md", "ml-03-obsidian.md"},
           "held-out documents70 (francophone Québec class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents71", 0.95, {"eig-02-pandoc-word.md", "jac-05-half-finished.tex", "k2-03-table.md", "lin-04-overleaf.tex"},
           "held-out documents71 (Irish university module) left as measured after fixes from its first run (see the module docstring)",
           disputed={"eig-04-plain-text.txt": "1g: A written after a V that was never normalised: the table says incorrect (the student's own UΣVᵀ is 2A), carry_forms: false credits A (marked for review, code key_over_own)"}),
    Corpus("documents72", 0.96, {"eig-01-jupyter-numpy.ipynb", "jac-04-table.md", "ml-05-out-of-order.md"},
           "held-out documents72 (Bangladeshi/Nepali engineering class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents73", 0.925, {"eig-05-outoforder-prose.md", "jac-05-obsidian.md", "lin-03-table.md", "ml-03-pandoc-word.md"},
           "held-out documents73 (Swiss ETH/EPFL class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents74", 0.94, {"eig-25-out-of-order.md", "jac-11-jupyter-sympy.ipynb", "ml-09-out-of-order.md"},
           "held-out documents74 (US online master's programme) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents75", 0.93, {"eig-05-obsidian.md", "k2-05-out-of-order.md", "lin-03-out-of-order.md", "ml-05-jupyter.ipynb"},
           "held-out documents75 (Scottish tutorial class) left as measured after fixes from its first run (see the module docstring)",
           disputed={"ml-04-table.md": "2b: a chain with a false step: the table gives no credit, partial: proportional credits its valid steps (marked for review)"}),
    Corpus("documents76", 0.93, {"jac-14-pandoc.md", "lin-17-overleaf.tex", "lin-18-half.md", "ml-06-pandoc.md"},
           "held-out documents76 (Taiwanese class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents77", 0.92, {"lin-20-ocr.md"},
           "held-out documents77 (Argentine/Chilean class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents78", 0.915, {"k2-04-table.md", "k2-05-outoforder.md", "ml-02-pandoc.md"},
           "held-out documents78 (Finnish/Estonian class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents79", 0.935, {"jac-11-jupyter-sympy.ipynb", "jac-12-terse-plain.txt", "lin-18-out-of-order-prose.md", "lin-20-jupyter-numpy.ipynb", "ml-09-out-of-order-prose.md"},
           "held-out documents79 (US HBCU engineering class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents80", 0.955, {"ml-01-colab.ipynb"},
           "held-out documents80 (Thai class) left as measured after fixes from its first run (see the module docstring)",
           disputed={"ml-05-overleaf.tex": "1b: a chain whose first step is false (the spec's own reject form): the table gives no credit, partial: proportional credits the valid step after it (marked for review, code credit_after_break)"}),
    Corpus("documents81", 0.92, {"jac-05-table.md", "lin-05-out-of-order.md", "ml-03-table.md"},
           "held-out documents81 (Romanian/Bulgarian class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents82", 0.93, {"eig-02-pandoc-word.md", "jac-05-half-finished.md", "k2-03-plain-list.txt"},
           "held-out documents82 (Pakistani class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents83", 0.905, {"lin-03-half.md", "ml-02-pandoc.md"},
           "held-out documents83 (University of the West Indies class) left as measured after fixes from its first run (see the module docstring)",
           disputed={"eig-05-table.md": "1g: A written after factors that do not go with each other: the table says incorrect, carry_forms: false credits A (marked for review, code key_over_own)", "ml-04-outoforder.md": "2b: a chain with a false step: the table gives no credit, partial: proportional credits its valid steps (marked for review)"}),
    Corpus("documents84", 0.89, {"k2-05-obsidian.md", "lin-04-obsidian.md", "lin-05-outoforder.md", "ml-05-outoforder.md"},
           "held-out documents84 (US honors class) left as measured after fixes from its first run (see the module docstring)",
           disputed={"k2-05-obsidian.md": "4g: the reader's: a 7b sentence read for an empty 4g and given partial credit (marked for review as disagreeing with the answers around it; not fixed)", "ml-04-overleaf.tex": "1b: a chain whose first step is false (the spec's own reject form): the table gives no credit, partial: proportional credits the valid step after it (marked for review, code credit_after_break)"}),
    Corpus("documents85", 0.88, {"eig-04-plaintext.txt", "jac-05-plaintext.txt", "k2-01-overleaf.tex", "k2-04-half-finished.md", "k2-05-out-of-order.md", "lin-02-overleaf.tex", "lin-03-table.md", "ml-02-pandoc.md"},
           "held-out documents85 (German Übungsblatt class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents86", 0.885, {"eig-25-out-of-order.md", "k2-01-overleaf.tex", "k2-05-out-of-order.md", "lin-19-table.md", "ml-10-overleaf.tex"},
           "held-out documents86 (Hungarian class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents87", 0.905, {"eig-02-half-finished.txt", "eig-05-out-of-order.md", "jac-02-jupyter.ipynb", "k2-03-out-of-order.md", "k2-04-colab.ipynb"},
           "held-out documents87 (Egyptian class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents88", 0.89, {"eig-01-jupyter.ipynb", "jac-02-plain.txt", "jac-03-jupyter.ipynb", "k2-02-jupyter.ipynb", "lin-02-obsidian.md"},
           "held-out documents88 (Kazakh/Uzbek class) left as measured after fixes from its first run (see the module docstring)",
           disputed={"eig-02-pandoc.md": "1g: A written after factors that do not go with each other: the table says incorrect, carry_forms: false credits A (marked for review, code key_over_own)"}),
    Corpus("documents89", 0.93, {"eig-05-out-of-order-prose.md", "lin-03-overleaf.tex", "lin-04-out-of-order-prose.md"},
           "held-out documents89 (Sri Lankan class) left as measured after fixes from its first run (see the module docstring)",
           disputed={"ml-01-jupyter-colab.ipynb": "2b: a chain with a false step: the table gives no credit, partial: proportional credits its valid steps (marked for review)", "ml-05-overleaf.tex": "1b: a chain whose first step is false (the spec's own reject form): the table gives no credit, partial: proportional credits the valid step after it (marked for review, code credit_after_break)"}),
    Corpus("documents90", 0.88, {"k2-01-overleaf-article.tex", "k2-03-mathpix-ocr.md", "k2-04-half-finished.txt", "k2-05-out-of-order-prose.md", "lin-18-out-of-order-prose.md", "ml-07-pandoc-word.md"},
           "held-out documents90 (Belgian French/Flemish class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents91", 0.92, {"eig-21-jupyter.ipynb", "eig-22-mathpix.md", "eig-25-obsidian.md", "jac-13-telegram.txt", "lin-19-outoforder.md", "ml-09-outoforder.md", "ml-10-overleaf.tex"},
           "held-out documents91 (Ethiopian/Rwandan class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents92", 0.865, {"jac-14-pandoc.md", "k2-02-jupyter.ipynb", "lin-16-obsidian.md", "lin-17-plaintext.txt", "lin-18-out-of-order.md", "ml-07-pandoc.md"},
           "held-out documents92 (Croatian/Serbian class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents93", 0.905, {"eig-04-mathpix-ocr.md", "jac-03-table.md", "jac-04-plaintext.txt", "k2-02-mathpix-ocr.md", "k2-04-jupyter.ipynb", "lin-02-table.md", "lin-05-overleaf.tex"},
           "held-out documents93 (Ukrainian class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents94", 0.955, {"eig-25-out-of-order.md", "k2-01-overleaf.tex", "lin-19-out-of-order.md"},
           "held-out documents94 (Catalan class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents95", 0.94, {"ml-10-table.md"},
           "held-out documents95 (Lithuanian/Latvian class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents96", 0.975, set(),
           "held-out documents96 (US Big Ten lecture) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents97", 0.945, {"eig-05-half-finished.md", "jac-02-mathpix-ocr.md", "k2-05-jupyter.ipynb", "lin-02-obsidian.md", "ml-04-out-of-order.md"},
           "held-out documents97 (Turkish class) left as measured after fixes from its first run (see the module docstring)"),
    Corpus("documents98", 0.935, {"jac-14-typora-table.md", "k2-03-plaintext-list.txt", "lin-19-plaintext-moodle.txt", "lin-20-out-of-order-prose.md", "ml-09-out-of-order-prose.md"},
           "held-out documents98 (Armenian class) left as measured after fixes from its first run (see the module docstring)"),
]
BY_NAME = {c.name: c for c in CORPORA}
DOCUMENTS = [(c, name) for c in CORPORA for name in c.heldout.documents]


def _id(corpus: Corpus, name: str) -> str:
    return f"{corpus.name}-{name.rsplit('.', 1)[0]}"


@pytest.mark.parametrize(("corpus", "name"), [
    pytest.param(c, n, id=_id(c, n), marks=[pytest.mark.xfail(strict=True, reason=c.disputed[n])]
                 if n in c.disputed else []) for c, n in DOCUMENTS])
def test_no_false_accept(corpus: Corpus, name: str) -> None:
    for o in corpus.heldout.outcomes(name):
        assert not o.false_accept, o


@pytest.mark.parametrize(("corpus", "name"), [
    pytest.param(c, n, id=_id(c, n), marks=[pytest.mark.xfail(strict=True, reason=c.why)] if n in c.unflagged else [])
    for c, n in DOCUMENTS])
def test_document_parts_agree_or_are_flagged(corpus: Corpus, name: str) -> None:
    """A part that disagrees with the table must be marked for the instructor's review."""
    for o in corpus.heldout.outcomes(name):
        assert o.agrees or o.reviewed, o


@pytest.mark.parametrize("corpus", [pytest.param(c, id=c.name) for c in CORPORA])
def test_heldout_agreement_keeps_its_floor(corpus: Corpus) -> None:
    every = corpus.heldout.every()
    assert sum(o.agrees for o in every) / len(every) >= corpus.floor, corpus.heldout.agreement_table()


@pytest.mark.parametrize("corpus", [pytest.param(c, id=c.name, marks=[pytest.mark.xfail(
    strict=True, reason="issue 15's target is not met on this corpus (or its table disputes the spec's credit)")]
    if c.unflagged or c.floor < TARGET or c.disputed else [])
    for c in CORPORA])
def test_heldout_agreement_meets_the_target(corpus: Corpus) -> None:
    """≥ 97 % of parts agree, no false accept, and no disagreement left unmarked."""
    table = corpus.heldout.agreement_table()
    every = corpus.heldout.every()
    assert not any(o.false_accept for o in every), table
    assert all(o.agrees or o.reviewed for o in every), table
    assert sum(o.agrees for o in every) / len(every) >= TARGET, table


@pytest.mark.parametrize("corpus", [pytest.param(c, id=c.name) for c in CORPORA])
def test_heldout_corpus_covers_five_assignments(corpus: Corpus) -> None:
    counts: dict[str, int] = {}
    for name, entry in corpus.heldout.documents.items():
        counts[entry["assignment"]] = counts.get(entry["assignment"], 0) + 1
        assert (corpus.heldout.folder / name).is_file(), name
    assert set(counts) == {"k2", "ml-calculus", "jacobians", "linear-maps", "eigen-svd"}
    # (the issue lists nine kinds of document: Overleaf, Jupyter, Obsidian/Typora, pandoc, OCR, plain text, table,
    # half-finished, out of order)
    assert min(counts.values()) >= 4 and len({e["style"] for e in corpus.heldout.documents.values()}) >= 9


@pytest.mark.parametrize(("corpus", "name"), [pytest.param(c, n, id=_id(c, n)) for c, n in DOCUMENTS])
def test_every_table_row_names_a_real_part(corpus: Corpus, name: str) -> None:
    """A typo in a part id would silently count as agreement on a part nobody graded."""
    entry = corpus.heldout.documents[name]
    ids = {p.id for p in grader_for(entry["assignment"]).assignment.parts}
    assert set(entry.get("parts", {})) <= ids, (name, set(entry["parts"]) - ids)
    for want in entry.get("parts", {}).values():
        verdict = want["verdict"] if isinstance(want, dict) else want
        assert verdict in {"correct", "incorrect", "partial", "missing", "manual"}, (name, want)


def test_a_document_that_cannot_be_graded_is_reported() -> None:
    """Every held-out document is read (a crash would be a string, and every part would disagree)."""
    crashed = [n for c, n in DOCUMENTS if isinstance(graded(c.heldout.folder / n, c.heldout.documents[n]["assignment"]),
                                                      str)]
    assert not crashed, crashed


if __name__ == "__main__":
    for corpus in [BY_NAME[a] for a in sys.argv[1:]] or CORPORA:
        print(f"== {corpus.name}")
        print(corpus.heldout.agreement_table())
        print(corpus.heldout.disagreements())
