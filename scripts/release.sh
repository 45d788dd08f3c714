#!/usr/bin/env bash
# Release dbt-orchestrator-action: checks, builds, verifies the committed dist/, packs the CLI, tags vX.Y.Z
# (never moved again), moves the major tag vX to it, pushes both atomically, and publishes the GitHub release
# vX.Y.Z with the CLI tarball attached (immutable once published when the repository has release
# immutability on). See "Releasing" in README.md.
#
#   scripts/release.sh [--dry-run] [--remote NAME] [--branch NAME] [--repo OWNER/NAME] [--no-github-release] vX.Y.Z
#
# --dry-run            run every check, the build and the pack; print the tag/push/release commands instead
#                      of running them (nothing is tagged, pushed or published)
# --remote NAME        the remote to push to (default origin)
# --branch NAME        the release branch the commit must be on (default main)
# --repo OWNER/NAME    the repository the release is for (default: from the remote's GitHub URL); the
#                      reusable workflows must call the action as OWNER/NAME, not the `your-org` placeholder
# --no-github-release  tag and push only (publish the release by hand)
set -euo pipefail

PLACEHOLDER_OWNER="your-org"
dry_run=false
remote=origin
branch=main
repo=""
github_release=true
version=""

fail() {
  echo "release: $*" >&2
  exit 1
}
run() {
  if $dry_run; then
    printf 'would run:'
    printf ' %q' "$@"
    printf '\n'
  else
    "$@"
  fi
}

while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry_run=true ;;
    --remote) remote="${2:?--remote needs a name}"; shift ;;
    --branch) branch="${2:?--branch needs a name}"; shift ;;
    --repo) repo="${2:?--repo needs OWNER/NAME}"; shift ;;
    --no-github-release) github_release=false ;;
    -h | --help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) fail "unknown option $1 (see --help)" ;;
    *) [ -z "$version" ] || fail "one version only (got $version and $1)"; version="$1" ;;
  esac
  shift
done

[ -n "$version" ] || fail "give the version to release, e.g. v1.2.0 (see --help)"
[[ "$version" =~ ^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]] || fail "'$version' is not vMAJOR.MINOR.PATCH (e.g. v1.2.0)"
major="v${BASH_REMATCH[1]}"
plain="${version#v}"

cd "$(git rev-parse --show-toplevel 2>/dev/null)" || fail "not inside a git repository"

# --- the commit ------------------------------------------------------------------------------------
[ -z "$(git status --porcelain --untracked-files=normal)" ] || fail "the working tree is not clean; commit or stash first:
$(git status --short)"
git remote get-url "$remote" >/dev/null 2>&1 || fail "no remote '$remote' (use --remote)"
git fetch --quiet --force --tags "$remote" "$branch" || fail "could not fetch $branch and the tags from '$remote'"
head="$(git rev-parse HEAD)"
git merge-base --is-ancestor "$head" FETCH_HEAD || fail "HEAD ($head) is not on $remote/$branch: release only what is merged and pushed"

# --- the version -----------------------------------------------------------------------------------
if git rev-parse -q --verify "refs/tags/$version" >/dev/null || git ls-remote --exit-code --tags "$remote" "refs/tags/$version" >/dev/null 2>&1; then
  fail "$version is already tagged: a release tag is never moved or reused; release the next version"
fi
latest="$(git tag --list 'v[0-9]*.[0-9]*.[0-9]*' | grep -E '^v[0-9]+\.[0-9]+\.[0-9]+$' | sort -V | tail -n 1 || true)"
if [ -n "$latest" ] && [ "$(printf '%s\n%s\n' "$latest" "$version" | sort -V | tail -n 1)" != "$version" ]; then
  fail "$version is not newer than the latest release $latest"
fi
pkg_version="$(node -p "require('./package.json').version")"
[ "$pkg_version" = "$plain" ] || fail "package.json has version $pkg_version, not $plain: run 'npm version $plain --no-git-tag-version', commit, push, and release again"

# --- the repository the release is for -------------------------------------------------------------
if [ -z "$repo" ]; then
  url="$(git remote get-url "$remote")"
  if [[ "$url" =~ github\.com[:/]([^/]+)/([^/]+)$ ]]; then
    repo="${BASH_REMATCH[1]}/${BASH_REMATCH[2]%.git}"
  else
    fail "cannot tell the GitHub repository from the remote URL '$url'; pass --repo OWNER/NAME"
  fi
fi
[[ "$repo" =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || fail "--repo '$repo' is not OWNER/NAME"
name="${repo#*/}"
if grep -rlF "$PLACEHOLDER_OWNER/$name" README.md workflows .github/workflows package.json >/dev/null 2>&1; then
  fail "the placeholder '$PLACEHOLDER_OWNER/$name' is still in the repository (the reusable workflows would call an action that does not exist). Replace it with the real repository, commit and push:
  grep -rl '$PLACEHOLDER_OWNER/$name' README.md workflows .github/workflows package.json | xargs sed -i 's|$PLACEHOLDER_OWNER/$name|$repo|g'"
fi
# Every `uses:` of the action in the reusable workflows must name this repository.
wrong="$(grep -rhoE "uses: *[^ ]+/$name@[^ ]+" .github/workflows | grep -v "uses: *$repo@" || true)"
[ -z "$wrong" ] || fail "the reusable workflows call another repository's action:
$wrong
expected $repo@<ref>"

# --- build, and check that the committed dist/ is exactly that build ---------------------------------
echo "building dist/ ..."
npm run --silent build
if [ -n "$(git status --porcelain --untracked-files=all -- dist)" ]; then
  git status --short -- dist >&2
  git checkout -- dist 2>/dev/null || true
  git clean -fdq -- dist 2>/dev/null || true
  fail "the committed dist/ is not what the source builds: run 'npm run build', commit dist/, push, and release again"
fi
echo "dist/ matches a fresh build of $head"

# --- the CLI tarball (the release asset) ------------------------------------------------------------
out="$(mktemp -d)"
tarball="$out/$(npm pack --silent --pack-destination "$out" | tail -n 1)"
[ -f "$tarball" ] || fail "npm pack wrote no tarball"
# The CLI runs the Python side from the tarball: the dbt_bridge package must be in it.
# (the listing first: with pipefail, `tar | grep -q` fails when grep stops reading early)
listing="$(tar -tzf "$tarball")"
grep -qx 'package/dist/dbt_bridge/__main__.py' <<<"$listing" \
  || fail "the tarball lacks dist/dbt_bridge/ (the Python side of the dbt process): check package.json \"files\""
echo "packed $tarball"

if $github_release && ! $dry_run; then
  command -v gh >/dev/null 2>&1 || fail "the GitHub CLI (gh) is needed to publish the release; install it, or pass --no-github-release and publish by hand"
fi

# --- tag, push, publish -----------------------------------------------------------------------------
run git tag --annotate "$version" --message "$version" "$head"
run git tag --force --annotate "$major" --message "$major -> $version" "$head"
# One atomic push: the new version tag (never forced) and the moved major tag.
run git push --atomic "$remote" "refs/tags/$version" "+refs/tags/$major"
if $github_release; then
  run gh release create "$version" "$tarball" --repo "$repo" --verify-tag --title "$version" --generate-notes
fi

if $dry_run; then
  echo "dry run: $version and $major would point at $head; nothing was tagged, pushed or published"
else
  echo "released $version ($head); $major now points at it"
fi
