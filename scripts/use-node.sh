# Puts a supported Node.js first on PATH, for CI and developers alike:
#
#   . scripts/use-node.sh              # this shell now runs a supported Node (and npm uses it)
#   scripts/use-node.sh npm test       # or: run one command under it
#
# When the machine's Node is new enough (>= 22.20) it is used as it is. Otherwise Node 24 LTS
# comes from the npm registry (the `node-linux-<arch>` package ships the binary and its headers)
# into a cache, `.node/` in the repository unless PIXORLY_NODE_DIR says elsewhere; the second run
# reuses it. npm_config_nodedir points at those headers, so native addons (better-sqlite3)
# compile for that Node without downloading headers from nodejs.org. Prints which Node it runs.
#
# Written for bash; sourcing it must not end the caller's shell, so failures `return`.

pixorly_use_node() {
  local want_major=24 min_major=22 min_minor=20
  local root cache arch current dir
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  cache="${PIXORLY_NODE_DIR:-$root/.node}"

  # "major minor" of a node binary, or "0 0" when there is none.
  pixorly_node_version() {
    "$1" -p 'process.versions.node.split(".").slice(0, 2).join(" ")' 2>/dev/null || echo "0 0"
  }
  pixorly_supported() {
    local major minor
    read -r major minor <<<"$1"
    [ "$major" -gt "$min_major" ] || { [ "$major" -eq "$min_major" ] && [ "$minor" -ge "$min_minor" ]; }
  }

  current="$(pixorly_node_version "$(command -v node || echo node)")"
  if pixorly_supported "$current"; then
    # A Node installed from nodejs.org tarballs carries its headers beside it; use them if so.
    dir="$(cd "$(dirname "$(command -v node)")/.." && pwd)"
    if [ -f "$dir/include/node/node.h" ]; then export npm_config_nodedir="$dir"; fi
  else
    case "$(uname -m)" in
      x86_64) arch=x64 ;;
      aarch64 | arm64) arch=arm64 ;;
      *) echo "use-node: no Node ${want_major} package for $(uname -m); install Node ${min_major}.${min_minor} or newer yourself." >&2; return 1 ;;
    esac
    dir="$cache/node_modules/node-linux-$arch"
    if ! pixorly_supported "$(pixorly_node_version "$dir/bin/node")"; then
      echo "use-node: this machine has Node $(node --version 2>/dev/null || echo none); installing Node ${want_major} from the npm registry into ${cache}" >&2
      mkdir -p "$cache" || return 1
      npm install --prefix "$cache" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node-linux-$arch@$want_major" >&2 || return 1
    fi
    export PATH="$dir/bin:$PATH"
    export npm_config_nodedir="$dir"
  fi
  hash -r
  echo "use-node: Node $(node --version) ($(command -v node))${npm_config_nodedir:+, native addons build against $npm_config_nodedir}" >&2
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  # Run as a command: set up, then run the arguments under that Node.
  set -euo pipefail
  pixorly_use_node
  if [ "$#" -gt 0 ]; then exec "$@"; fi
else
  pixorly_use_node
fi
