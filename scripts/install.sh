#!/usr/bin/env bash
# Installs or updates Hecate on this host. Idempotent, so it runs on every update: a file that is already
# right is not rewritten, an existing /etc/hecate/hecate.yaml is kept (legacy defaults are migrated), the NUT
# monitor password is generated once, and a second run changes nothing.
#
# Knobs (environment; docs/operations.md has the details):
#   HECATE_ROOT=/                  install under another root (tests); apt, systemctl and udevadm act only on /
#   HECATE_SKIP_APT=1              install no Debian packages
#   HECATE_JAR=PATH                install this jar instead of building the checkout with Maven
#   HECATE_MAVEN_ARGS              extra Maven arguments for that build (e.g. -o)
#   HECATE_SKIP_CDS=1              build no AppCDS archive
#   HECATE_FORCE_CONFIG_TEMPLATE   coordinator|peer|example: the template for a new config (default coordinator);
#                                  an existing config is never replaced
#   HECATE_ENABLE_BOOTSTRAP        auto|1|0: staged startup at boot (auto = enabled for both roles; peers
#                                  start the cluster only when the coordinator is down: --auto-peer-failover)
#   HECATE_MANAGE_NUT=1|0          write the NUT and udev configuration for the local UPS (default 1)
#   HECATE_NUT_UPS_NAME            default: the name in the config's ups.target, else pyrphoros
#   HECATE_NUT_VENDOR_ID/_PRODUCT_ID   the UPS's USB ids (default 0764/0601)
#   HECATE_NUT_MONITOR_USER        upsd user for upsmon and FSD (default hecate)
#   HECATE_NUT_MONITOR_PASSWORD    default: generated on the first run and kept; never printed
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
root="${HECATE_ROOT:-/}"
root="${root%/}"
live=0
[[ -z "$root" ]] && live=1

BEGIN_MARK="# BEGIN hecate (managed by Hecate's scripts/install.sh; HECATE_MANAGE_NUT=0 leaves NUT alone)"
END_MARK="# END hecate"
HEADER="# Managed by Hecate's scripts/install.sh; rewritten on every install or update."
changed=()

log() { echo "hecate-install: $*"; }
warn() { echo "hecate-install: warning: $*" >&2; }
die() { echo "hecate-install: error: $*" >&2; exit 1; }

# put MODE DEST < content: replaces DEST atomically, only when its bytes differ; the mode is set either way.
put() {
  local mode="$1" dest="$2" tmp
  mkdir -p "$(dirname "$dest")"
  tmp="$(mktemp "$(dirname "$dest")/.hecate-install.XXXXXX")"
  cat > "$tmp"
  if [[ -f "$dest" ]] && cmp -s "$tmp" "$dest"; then
    rm -f "$tmp"
  else
    chmod "$mode" "$tmp"
    mv -f "$tmp" "$dest"
    changed+=("${dest#"$root"}")
    log "wrote ${dest#"$root"}"
  fi
  chmod "$mode" "$dest"
}

# put_file MODE SRC DEST
put_file() { put "$1" "$3" < "$2"; }

was_changed() {
  local path
  for path in "${changed[@]}"; do [[ "$path" == "$1" ]] && return 0; done
  return 1
}

systemd_running() { [[ $live == 1 && -d /run/systemd/system ]]; }

# NUT's files belong to group nut, as Debian ships them, when that group exists and we may chgrp.
nut_group() {
  if [[ $(id -u) == 0 ]] && getent group nut >/dev/null; then chgrp nut "$@"; fi
}

# section_value SECTION KEY FILE: the scalar at SECTION.KEY of a YAML file laid out like configs/*.yaml.
section_value() {
  awk -v section="$1" -v key="$2" '
    /^[^[:space:]#][^:]*:/ { inside = ($0 ~ "^" section "[[:space:]]*:"); next }
    inside && $0 ~ "^[[:space:]]+" key "[[:space:]]*:" {
      sub("^[[:space:]]+" key "[[:space:]]*:[[:space:]]*", "")
      sub("[[:space:]]+#.*$", "")
      gsub(/["\047]/, "")
      print
      exit
    }' "$3"
}

# with_block FILE BLOCK: FILE's text with Hecate's marked block replaced in place, or appended when absent.
with_block() {
  local file="$1"
  if [[ -f "$file" ]] && grep -qxF "$BEGIN_MARK" "$file"; then
    BLOCK="$2" awk -v begin="$BEGIN_MARK" -v end="$END_MARK" '
      $0 == begin { print ENVIRON["BLOCK"]; skipping = 1; next }
      skipping && $0 == end { skipping = 0; next }
      !skipping { print }' "$file"
  else
    if [[ -s "$file" ]]; then cat "$file"; echo; fi
    printf '%s\n' "$2"
  fi
}

# outside_block FILE: FILE's lines that are not in Hecate's block.
outside_block() {
  [[ -f "$1" ]] || return 0
  awk -v begin="$BEGIN_MARK" -v end="$END_MARK" '
    $0 == begin { skipping = 1; next }
    skipping && $0 == end { skipping = 0; next }
    !skipping { print }' "$1"
}

block_value() {
  [[ -f "$2" ]] || return 0
  awk -v begin="$BEGIN_MARK" -v end="$END_MARK" -v key="$1" '
    $0 == begin { inside = 1; next }
    $0 == end { inside = 0 }
    inside && $1 == key && $2 == "=" { print $3; exit }' "$2"
}

install_packages() {
  [[ "${HECATE_SKIP_APT:-0}" == 1 ]] && return 0
  local wanted=(openjdk-17-jre-headless openssh-client nut-client) missing=() package
  [[ "${HECATE_MANAGE_NUT:-1}" != 0 ]] && wanted+=(nut-server)
  [[ -z "${HECATE_JAR:-}" ]] && wanted+=(openjdk-17-jdk-headless maven)
  for package in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' || missing+=("$package")
  done
  if (( ${#missing[@]} )); then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

find_jar() {
  if [[ -n "${HECATE_JAR:-}" ]]; then
    [[ -f "$HECATE_JAR" ]] || die "HECATE_JAR=$HECATE_JAR: no such file"
    echo "$HECATE_JAR"
  elif [[ -f "$here/pom.xml" ]]; then
    log "building the jar (mvn package)" >&2
    # shellcheck disable=SC2086
    (cd "$here" && mvn -B -q -DskipTests ${HECATE_MAVEN_ARGS:-} package >&2)
    echo "$here/cli/target/hecate.jar"
  else
    die "no jar to install: run from a source checkout or set HECATE_JAR"
  fi
}

install_program() {
  local jar
  jar="$(find_jar)"
  put_file 0644 "$jar" "$root/usr/lib/hecate/hecate.jar"
  put_file 0755 "$here/bin/hecate" "$root/usr/bin/hecate"
  put_file 0755 "$here/scripts/update.sh" "$root/usr/lib/hecate/update.sh"
  local file
  for file in "$here"/configs/*.yaml; do
    put_file 0644 "$file" "$root/usr/share/hecate/configs/$(basename "$file")"
  done
  for file in "$here"/workflows/src/main/resources/element-templates/*.json; do
    if [[ -f "$file" ]]; then put_file 0644 "$file" "$root/usr/share/hecate/element-templates/$(basename "$file")"; fi
  done
  if [[ -f "$here/docs/operations.md" ]]; then
    put_file 0644 "$here/docs/operations.md" "$root/usr/share/doc/hecate/operations.md"
  fi

  local archives=("$root/usr/lib/hecate/hecate.jsa" "$root/usr/lib/hecate/hecate-read.jsa")
  if [[ "${HECATE_SKIP_CDS:-0}" == 1 ]]; then
    # an archive of another jar is refused by the JVM anyway; do not leave one that looks current
    if was_changed /usr/lib/hecate/hecate.jar; then rm -f "${archives[@]}"; fi
  elif was_changed /usr/lib/hecate/hecate.jar || [[ ! -f "${archives[0]}" || ! -f "${archives[1]}" ]]; then
    log "building the AppCDS archives"
    if "$here/scripts/build-cds.sh" "$root/usr/lib/hecate/hecate.jar" >/dev/null; then
      chmod 0644 "${archives[@]}"
      changed+=(/usr/lib/hecate/hecate.jsa /usr/lib/hecate/hecate-read.jsa)
    else
      warn "AppCDS archives not built; Hecate runs without them, only slower to start"
    fi
  fi
}

hecate() { HECATE_JAR="$root/usr/lib/hecate/hecate.jar" "$root/usr/bin/hecate" "$@"; }

install_config() {
  install -d -m 0750 "$root/etc/hecate" "$root/var/lib/hecate"
  chmod 0750 "$root/etc/hecate" "$root/var/lib/hecate"
  local config="$root/etc/hecate/hecate.yaml"
  if [[ -f "$config" ]]; then
    hecate config migrate "$config" | sed 's/^/hecate-install: /'
  else
    local template="${HECATE_FORCE_CONFIG_TEMPLATE:-coordinator}"
    case "$template" in
      coordinator|peer) ;;
      example) template=hecate.example ;;
      *) die "HECATE_FORCE_CONFIG_TEMPLATE must be coordinator, peer or example, got \"$template\"" ;;
    esac
    put_file 0640 "$here/configs/$template.yaml" "$config"
    fresh_config=1
  fi
  if ! hecate config check "$config" >/dev/null; then
    warn "fix ${config#"$root"} and check it with: hecate config check /etc/hecate/hecate.yaml"
  fi
}

install_nut() {
  [[ "${HECATE_MANAGE_NUT:-1}" == 0 ]] && return 0
  local config="$root/etc/hecate/hecate.yaml" target ups user password vendor product
  target="$(section_value ups target "$config")"
  ups="${HECATE_NUT_UPS_NAME:-${target%%@*}}"
  ups="${ups:-pyrphoros}"
  user="${HECATE_NUT_MONITOR_USER:-hecate}"
  vendor="${HECATE_NUT_VENDOR_ID:-0764}"
  product="${HECATE_NUT_PRODUCT_ID:-0601}"
  [[ "$ups" =~ ^[A-Za-z0-9_.-]+$ ]] || die "UPS name \"$ups\" is not a NUT name (letters, digits, _ . -)"
  [[ "$user" =~ ^[A-Za-z0-9_.-]+$ ]] || die "HECATE_NUT_MONITOR_USER=\"$user\" is not a NUT user name"
  [[ "$vendor" =~ ^[0-9a-fA-F]{4}$ ]] || die "HECATE_NUT_VENDOR_ID must be 4 hex digits, got \"$vendor\""
  [[ "$product" =~ ^[0-9a-fA-F]{4}$ ]] || die "HECATE_NUT_PRODUCT_ID must be 4 hex digits, got \"$product\""

  local nut="$root/etc/nut"
  if outside_block "$nut/ups.conf" | grep -qxF "[$ups]"; then
    die "$nut/ups.conf already defines [$ups] outside Hecate's block; remove it or set HECATE_MANAGE_NUT=0"
  fi
  if outside_block "$nut/upsd.users" | grep -qxF "[$user]"; then
    die "$nut/upsd.users already defines [$user] outside Hecate's block; remove it or set HECATE_NUT_MONITOR_USER"
  fi
  password="${HECATE_NUT_MONITOR_PASSWORD:-$(block_value password "$nut/upsd.users")}"
  if [[ -z "$password" ]]; then
    password="$(head -c 32 /dev/urandom | base64 | tr -d '+/=\n' | cut -c1-24)"
  fi
  [[ "$password" =~ ^[^[:space:]\"\\]+$ ]] || die "HECATE_NUT_MONITOR_PASSWORD must not contain spaces, quotes or backslashes"

  put 0640 "$nut/nut.conf" < <(printf '%s\nMODE=standalone\n' "$HEADER")
  put 0640 "$nut/upsd.conf" < <(printf '%s\nLISTEN 127.0.0.1 3493\n' "$HEADER")
  put 0640 "$nut/ups.conf" < <(with_block "$nut/ups.conf" "$BEGIN_MARK
[$ups]
  driver = usbhid-ups
  port = auto
  vendorid = $vendor
  productid = $product
  desc = \"UPS watched by Hecate\"
$END_MARK")
  put 0640 "$nut/upsd.users" < <(with_block "$nut/upsd.users" "$BEGIN_MARK
[$user]
  password = $password
  instcmds = shutdown.return
  upsmon primary
$END_MARK")
  nut_group "$nut/nut.conf" "$nut/upsd.conf" "$nut/ups.conf" "$nut/upsd.users"

  put 0644 "$root/etc/udev/rules.d/90-hecate-ups.rules" < <(printf '%s\n# Lets the NUT driver (group nut) open the UPS.\n%s\n' "$HEADER" \
    "ACTION==\"add|change\", SUBSYSTEM==\"usb\", ATTR{idVendor}==\"${vendor,,}\", ATTR{idProduct}==\"${product,,}\", MODE=\"0660\", GROUP=\"nut\"")

  if [[ $live == 1 ]]; then
    if was_changed /etc/udev/rules.d/90-hecate-ups.rules && command -v udevadm >/dev/null; then
      udevadm control --reload-rules && udevadm trigger --subsystem-match=usb --attr-match=idVendor="${vendor,,}" \
        || warn "udev did not reload the UPS rule; replug the UPS"
    fi
    if systemd_running && { was_changed /etc/nut/ups.conf || was_changed /etc/nut/upsd.conf \
        || was_changed /etc/nut/upsd.users || was_changed /etc/nut/nut.conf; }; then
      systemctl restart nut-driver.target nut-server.service || warn "NUT did not restart; see journalctl -u nut-server"
    fi
  fi
}

install_defaults() {
  local defaults="$root/etc/default/hecate" role args="" src=/opt/hecate/src
  [[ -f "$defaults" ]] && return 0
  role="$(section_value coordination role "$root/etc/hecate/hecate.yaml")"
  [[ "$role" == peer ]] && args="--auto-peer-failover"
  [[ -e "$here/.git" ]] && src="$here"
  put 0644 "$defaults" <<EOF
# Read by Hecate's systemd units and update.sh. Written once by scripts/install.sh, which keeps your edits.
# Extra arguments of 'hecate startup' at boot (hecate-bootstrap.service); peers use --auto-peer-failover.
HECATE_STARTUP_ARGS="$args"
# The git checkout hecate-update.service fast-forwards and reinstalls from, and the branch it follows.
HECATE_SRC=$src
HECATE_BRANCH=main
# Extra JVM flags for /usr/bin/hecate.
#HECATE_JAVA_OPTS=
EOF
}

link_wants() {
  local unit="$1" dir="$root/etc/systemd/system" target wanted
  wanted="$(sed -n 's/^WantedBy=//p' "$dir/$unit")"
  for target in $wanted; do
    if [[ "$(readlink "$dir/$target.wants/$unit" 2>/dev/null)" != "/etc/systemd/system/$unit" ]]; then
      mkdir -p "$dir/$target.wants"
      ln -sfn "/etc/systemd/system/$unit" "$dir/$target.wants/$unit"
      changed+=("/etc/systemd/system/$target.wants/$unit")
      log "enabled $unit ($target)"
    fi
  done
}

unlink_wants() {
  local unit="$1" link
  for link in "$root"/etc/systemd/system/*.wants/"$unit"; do
    if [[ -L "$link" ]]; then
      rm -f "$link"
      changed+=("${link#"$root"}")
      log "disabled $unit"
    fi
  done
}

install_units() {
  local unit units=() enable=(hecate.service hecate-update.timer) disable=()
  for unit in "$here"/systemd/*.service "$here"/systemd/*.timer; do
    put_file 0644 "$unit" "$root/etc/systemd/system/$(basename "$unit")"
    units+=("/etc/systemd/system/$(basename "$unit")")
  done
  case "${HECATE_ENABLE_BOOTSTRAP:-auto}" in
    auto|1) enable+=(hecate-bootstrap.service) ;;
    0) disable+=(hecate-bootstrap.service) ;;
    *) die "HECATE_ENABLE_BOOTSTRAP must be auto, 1 or 0, got \"$HECATE_ENABLE_BOOTSTRAP\"" ;;
  esac

  if systemd_running; then
    local path reload=0
    for path in "${units[@]}"; do was_changed "$path" && reload=1; done
    if (( reload )); then systemctl daemon-reload; fi
    systemctl enable --quiet "${enable[@]}"
    if (( ${#disable[@]} )); then systemctl disable --quiet "${disable[@]}"; fi
    systemctl start hecate-update.timer
    if [[ -n "${fresh_config:-}" ]]; then
      log "not starting hecate.service on a fresh config: edit /etc/hecate/hecate.yaml, then systemctl start hecate"
    elif was_changed /usr/lib/hecate/hecate.jar || was_changed /usr/bin/hecate || was_changed /etc/systemd/system/hecate.service \
        || ! systemctl is-active --quiet hecate.service; then
      systemctl restart hecate.service
    fi
  else
    for unit in "${enable[@]}"; do link_wants "$unit"; done
    for unit in "${disable[@]}"; do unlink_wants "$unit"; done
  fi
}

main() {
  install_packages
  install_program
  install_config
  install_nut
  install_defaults
  install_units
  if (( ${#changed[@]} )); then
    log "done: ${#changed[@]} files changed under ${root:-/}"
  else
    log "done: nothing to change"
  fi
}

main "$@"
