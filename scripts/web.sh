#!/usr/bin/env bash
# Builds the web app into dist/, offline: the main bundle at the root, the others in dist/b/
# (one per group of pages, see entity's `Bundle`). Needs the tools of scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.tools/binaryen/node_modules/.bin:$PATH"
# All bundles in one cargo run, so their link-time optimisations use both cores; Trunk then finds
# them built.
cargo build --locked --offline --profile wasm-release --target wasm32-unknown-unknown \
  -p echelon-frontend --bins
# The main bundle first: Trunk empties its dist folder, which holds the others.
trunk build --release --offline
# Each other bundle's page is the main one with its own binary.
for b in people talent admin nominations members my-talent; do
  sed "s/data-bin=\"echelon-frontend\"/data-bin=\"echelon-$b\"/" frontend/index.html > "frontend/.$b.html"
  trunk build "frontend/.$b.html" --release --dist "dist/b/$b" --public-url "/b/$b/" --offline
done
