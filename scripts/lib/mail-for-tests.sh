#!/usr/bin/env bash
# Starts a real mail system on loopback for the e-mail channel tests and prints the settings the tests read
# (`export KEFU_TEST_MAIL_…=…` lines, for eval). Dovecot serves IMAP and Postfix takes SMTP, both from Debian,
# configured here in a folder of their own so the machine's own mail setup is untouched:
#   IMAP  127.0.0.1:10143 (STARTTLS)   IMAPS 127.0.0.1:10993
#   SMTP  127.0.0.1:10025 (STARTTLS, AUTH PLAIN/LOGIN through Dovecot)   SMTPS 127.0.0.1:10465
# Users (password = the part before @, then "-pass"): shop@kefu.test, buyer@kefu.test, other@kefu.test.
# Postfix delivers for kefu.test into the maildirs Dovecot reads, so a reply sent over SMTP lands in the buyer's
# IMAP inbox. TLS uses a certificate made here; the tests trust it through KEFU_MAIL_CA_FILE.
# Uses $KEFU_TEST_MAIL_HOST (servers you started yourself) if set. Prints nothing when it cannot start them.
# `mail-for-tests.sh stop` stops both.
set -euo pipefail

root="${KEFU_TEST_MAIL_DIR:-/tmp/kefu-mail-tests}"

if [ "${1:-}" = stop ]; then
  [ -f "$root/dovecot.conf" ] && doveadm -c "$root/dovecot.conf" stop >/dev/null 2>&1 || true
  [ -d "$root/postfix" ] && postfix -c "$root/postfix" stop >/dev/null 2>&1 || true
  exit 0
fi

if [ -n "${KEFU_TEST_MAIL_HOST:-}" ]; then
  echo "export KEFU_TEST_MAIL_HOST=$KEFU_TEST_MAIL_HOST"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "mail: not root and KEFU_TEST_MAIL_HOST is unset; cannot start Dovecot and Postfix" >&2
  exit 0
fi
if ! command -v dovecot >/dev/null || ! command -v postfix >/dev/null || ! command -v openssl >/dev/null; then
  echo "mail: installing Dovecot and Postfix" >&2
  apt-get update -qq >&2
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd postfix openssl >&2
fi
id kefu-mail >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin kefu-mail
uid=$(id -u kefu-mail)
gid=$(id -g kefu-mail)

# A fresh start each run: the tests expect empty mailboxes.
"$0" stop
rm -rf "$root"
mkdir -p "$root/mail/kefu.test/shop" "$root/mail/kefu.test/buyer" "$root/mail/kefu.test/other" \
  "$root/run" "$root/postfix" "$root/postfix-queue" "$root/postfix-data"
chmod 755 "$root"
chown -R kefu-mail:kefu-mail "$root/mail"

openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
  -keyout "$root/key.pem" -out "$root/cert.pem" >/dev/null 2>&1
chmod 600 "$root/key.pem"

: > "$root/users"
for user in shop buyer other; do
  echo "$user@kefu.test:{PLAIN}$user-pass:$uid:$gid::$root/mail/kefu.test/$user::" >> "$root/users"
done

cat > "$root/dovecot.conf" <<EOF
base_dir = $root/run
state_dir = $root/run/state
log_path = $root/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <$root/cert.pem
ssl_key = <$root/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:$root/mail/%d/%n
mail_uid = $uid
mail_gid = $gid
first_valid_uid = $uid
default_internal_user = dovecot
default_login_user = dovenull
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $root/users
}
userdb {
  driver = passwd-file
  args = username_format=%u $root/users
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = 10143
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = 10993
    ssl = yes
  }
}
service auth {
  inet_listener {
    address = 127.0.0.1
    port = 10026
  }
}
mail_max_userip_connections = 100
imap_idle_notify_interval = 2 mins
EOF
mkdir -p "$root/run/state"
dovecot -c "$root/dovecot.conf" </dev/null >/dev/null 2>&1

cat > "$root/postfix/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $root/postfix-queue
data_directory = $root/postfix-data
mail_owner = postfix
setgid_group = postdrop
myhostname = mail.kefu.test
mydomain = kefu.test
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
maillog_file = $root/postfix.log
maillog_file_prefixes = $root
virtual_mailbox_domains = kefu.test
virtual_mailbox_base = $root/mail
virtual_mailbox_maps = inline:{ shop@kefu.test=kefu.test/shop/, buyer@kefu.test=kefu.test/buyer/, other@kefu.test=kefu.test/other/ }
virtual_uid_maps = static:$uid
virtual_gid_maps = static:$gid
virtual_minimum_uid = 1
smtpd_tls_cert_file = $root/cert.pem
smtpd_tls_key_file = $root/key.pem
smtpd_tls_security_level = may
smtpd_sasl_type = dovecot
smtpd_sasl_path = inet:127.0.0.1:10026
smtpd_sasl_auth_enable = yes
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
smtpd_recipient_restrictions = permit_sasl_authenticated, reject_unauth_destination
message_size_limit = 52428800
virtual_mailbox_limit = 0
EOF
cat > "$root/postfix/master.cf" <<EOF
127.0.0.1:10025 inet n - n - - smtpd
127.0.0.1:10465 inet n - n - - smtpd -o smtpd_tls_wrappermode=yes
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
postfix -c "$root/postfix" set-permissions >/dev/null 2>&1 || true
postfix -c "$root/postfix" start </dev/null >/dev/null 2>&1

for _ in $(seq 1 30); do
  if (exec 3<>/dev/tcp/127.0.0.1/10143) 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.1/10025) 2>/dev/null; then
    echo "export KEFU_TEST_MAIL_HOST=127.0.0.1"
    echo "export KEFU_TEST_MAIL_DIR=$root"
    echo "export KEFU_MAIL_CA_FILE=$root/cert.pem"
    exit 0
  fi
  sleep 0.5
done
echo "mail: Dovecot or Postfix did not start; see $root/dovecot.log and $root/postfix.log" >&2
exit 0
