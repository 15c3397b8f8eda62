#!/usr/bin/env python3
# Copies the shared reliability harness into the nested Traefik test module
# (traefikplugin/traefiktest/hostile_harness_test.go), which cannot import the
# root module's packages. Run from the repository root or from anywhere.
import os, re
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
srcs = ["reliability/harness.go", "reliability/corpus.go", "reliability/failure.go", "reliability/concurrency.go"]
imports, tails = set(), []
for p in srcs:
    s = open(os.path.join(root, p)).read()
    m = re.search(r"\nimport \((.*?)\n\)\n", s, re.S)
    for line in m.group(1).strip().split("\n"):
        if line.strip():
            imports.add(line.strip())
    tails.append(s[m.end():])
imports.discard('"github.com/hookstile/hookstile/core"')
std = sorted(i for i in imports if "." not in i.split("/")[0].strip('"'))
ext = sorted(i for i in imports if i not in std)
out = ("// Code copied from ../../reliability/{harness,corpus,failure,concurrency}.go; DO NOT EDIT.\n"
       "// The nested test module does not require the root module's packages\n"
       "// (that would pull Caddy into its build), so the shared reliability harness\n"
       "// is copied here; TestHostileHarnessInSync fails when the copy drifts.\n"
       "// Regenerate: python3 ../../reliability/copy_harness.py\n\n"
       "package traefiktest\n\nimport (\n" + "\n".join("\t" + i for i in std) + "\n\n"
       + "\n".join("\t" + i for i in ext) + "\n)\n\n"
       "// coreDropboxSignAck is core.DropboxSignAck.\nconst coreDropboxSignAck = \"Hello API Event Received\"\n")
body = "".join(tails).replace("core.DropboxSignAck", "coreDropboxSignAck")
open(os.path.join(root, "traefikplugin/traefiktest/hostile_harness_test.go"), "w").write(out + body)
