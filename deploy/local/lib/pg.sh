# shellcheck shell=bash
# PostgreSQL helpers shared by deploy/local/postgres.sh and citus.sh (after lib/common.sh).
# Globals read here: INSTALL_LOG (apt_get), PG_MAJOR.

# shellcheck disable=SC2034 # read by the sourcing scripts
PG_MAJOR=15
PGBIN=/usr/lib/postgresql/$PG_MAJOR/bin
PGLIB=/usr/lib/postgresql/$PG_MAJOR/lib
PGSHARE=/usr/share/postgresql/$PG_MAJOR

is_root() { [[ $(id -u) -eq 0 ]]; }

APT_UPDATED=
apt_get() { # quiet, non-interactive apt-get; output goes to the install log
  # 8>&-: a service started by a package's postinst must not inherit the install lock.
  DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=600 \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@" >>"$INSTALL_LOG" 2>&1 8>&-
}
apt_install() {
  if [[ -z $APT_UPDATED ]]; then
    apt_get update || die_log "$INSTALL_LOG" "apt-get update failed"
    APT_UPDATED=1
  fi
  apt_get install --no-install-recommends "$@" || die_log "$INSTALL_LOG" "apt-get install $* failed"
}

# PostgreSQL refuses to run as root: as root, clusters are owned and run by Debian's 'postgres' user.
as_pg() { # run a server-side command as the cluster owner
  if is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}
pg_can_use() { # pg_can_use DIR: can the cluster owner enter DIR?
  if is_root; then (cd / && runuser -u postgres -- test -x "$1") 2>/dev/null; else test -x "$1"; fi
}

hash_of() { printf '%s' "$1" | sha256sum | cut -c1-12; }

cluster_root() { # cluster_root NAME: print where clusters named NAME live ($STATE/NAME, or under
  # /var/tmp with a symlink in the state dir when the cluster owner cannot enter the state dir)
  local root=$STATE/$1 alt
  if is_root && id -u postgres >/dev/null 2>&1; then
    chmod a+x "$STATE"
    if ! pg_can_use "$STATE"; then
      alt=/var/tmp/vectorline-$1-$(hash_of "$STATE")
      mkdir -p "$alt"
      if [[ ! -e $root && ! -L $root ]]; then ln -s "$alt" "$root"; fi
      root=$alt
    fi
  fi
  echo "$root"
}
