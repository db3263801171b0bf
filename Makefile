# Developer shortcuts. The README's commands are the source of truth; these only save typing.
.PHONY: test fuzz bench

test:
	python -m pytest

# 10 minutes of coverage-guided fuzzing of the parser and checker (pip install atheris first).
fuzz:
	python fuzz/fuzz_check.py -max_total_time=600 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 fuzz/corpus

bench:
	python benchmarks/grade_bench.py
