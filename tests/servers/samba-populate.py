#!/usr/bin/python3
"""tests/servers/samba-populate.py - fill a freshly provisioned Samba AD DC
with the test municipality (Fjordvik kommune, AD edition).

    /usr/bin/python3 samba-populate.py SMB_CONF PASSWORD SERVICE_PASSWORD

Runs offline, straight on the DC's sam.ldb (before samba is started), with
Samba's own Python bindings (python3-samba): one process and one
transaction for everything, so the 1,100-member group takes seconds, not
the minutes that 1,100 `samba-tool user add` would.  The accounts and
groups are the cases the tests need (see README, "Active Directory"):

  OU=Ansatte                 staff (people who log in)
  OU=Massetest,OU=Ansatte    1,100 members of one unit (no password needed)
  OU=Tjenestekontoer         the service account svc-stafettlogg
  OU=Virksomheter,OU=Grupper unit groups (managedBy = the leader, or a group)
  OU=Grupper                 role groups and groups nested into them

Every person has the password PASSWORD (but the bulk accounts, which have
none: PASSWD_NOTREQD).
"""
import base64
import sys
import time

import ldb
import samba
import samba.param
from samba.auth import system_session
from samba.samdb import SamDB
from samba.dsdb import (UF_NORMAL_ACCOUNT, UF_ACCOUNTDISABLE,
                        UF_PASSWD_NOTREQD, UF_DONT_EXPIRE_PASSWD)

conf, password, svc_password = sys.argv[1:4]
lp = samba.param.LoadParm()
lp.load(conf)
db = SamDB(url=lp.samdb_url(), session_info=system_session(), lp=lp)
base = str(db.domain_dn())
realm = lp.get("realm").lower()

OU_STAFF = "OU=Ansatte," + base
OU_BULK = "OU=Massetest," + OU_STAFF
OU_SVC = "OU=Tjenestekontoer," + base
OU_GROUPS = "OU=Grupper," + base
OU_UNITS = "OU=Virksomheter," + OU_GROUPS
# Global security group.
GROUP_TYPE = str(-2147483646)


def utf16pw(pw):
    return ('"%s"' % pw).encode("utf-16-le")


def ou(dn):
    db.add({"dn": dn, "objectClass": "organizationalUnit"})


def user(sam, given, surname, ou_dn, uac=UF_NORMAL_ACCOUNT,
         pw=None, extra=None):
    display = "%s %s" % (given, surname)
    dn = "CN=%s,%s" % (display, ou_dn)
    msg = {
        "dn": dn,
        "objectClass": "user",
        "sAMAccountName": sam,
        "userPrincipalName": "%s@%s" % (sam, realm),
        "givenName": given,
        "sn": surname,
        "displayName": display,
        "mail": "%s@fjordvik.test" % sam,
        "userAccountControl": str(uac),
    }
    if pw is not None:
        msg["unicodePwd"] = utf16pw(pw)
    if extra:
        msg.update(extra)
    db.add(msg)
    return dn


def group(cn, ou_dn, description, members=(), managed_by=None):
    dn = "CN=%s,%s" % (cn, ou_dn)
    msg = {"dn": dn, "objectClass": "group", "groupType": GROUP_TYPE,
           "sAMAccountName": cn, "description": description}
    if managed_by:
        msg["managedBy"] = managed_by
    if members:
        msg["member"] = list(members)
    db.add(msg)
    return dn


t0 = time.monotonic()
db.transaction_start()
try:
    # Lockout after 100 wrong passwords for 30 minutes (the "locked" case is
    # locked here by setting lockoutTime; the tests' own wrong passwords
    # must never lock an account).
    m = ldb.Message()
    m.dn = ldb.Dn(db, base)
    m["lockoutThreshold"] = ldb.MessageElement("100", ldb.FLAG_MOD_REPLACE, "lockoutThreshold")
    m["lockoutDuration"] = ldb.MessageElement(str(-30 * 60 * 10**7), ldb.FLAG_MOD_REPLACE,
                                              "lockoutDuration")
    m["lockOutObservationWindow"] = ldb.MessageElement(str(-30 * 60 * 10**7),
                                                       ldb.FLAG_MOD_REPLACE,
                                                       "lockOutObservationWindow")
    # Passwords older than 42 days have expired (AD's default).  No
    # account here can have an expired password (data 532): AD lets
    # pwdLastSet be set only to 0 or -1, and Samba treats a maximum age
    # under a day as "never"; the unit tests cover 532.
    # No complexity rules: the test password is the demo's (stafett-demo).
    m["pwdProperties"] = ldb.MessageElement("0", ldb.FLAG_MOD_REPLACE, "pwdProperties")
    m["maxPwdAge"] = ldb.MessageElement(str(-42 * 86400 * 10**7), ldb.FLAG_MOD_REPLACE,
                                        "maxPwdAge")
    db.modify(m)

    for dn in (OU_STAFF, OU_BULK, OU_SVC, OU_GROUPS, OU_UNITS):
        ou(dn)

    svc = "CN=svc-stafettlogg," + OU_SVC
    db.add({"dn": svc, "objectClass": "user", "sAMAccountName": "svc-stafettlogg",
            "userAccountControl": str(UF_NORMAL_ACCOUNT | UF_DONT_EXPIRE_PASSWD),
            "unicodePwd": utf16pw(svc_password)})

    U = {}
    for sam, given, sn in [
        ("kari.holm", "Kari", "Holm"),          # leader of Solbakken (managedBy)
        ("ola.berg", "Ola", "Berg"),            # Solbakken, direct member
        ("vera.vik", "Vera", "Vik"),            # Solbakken through "Solbakken vikarer"
        ("ingrid.dahl", "Ingrid", "Dahl"),      # Fjordvik skole
        ("per.lund", "Per", "Lund"),            # leads Fjordvik skole through a nested group
        ("ase.ovrebo", "Åse", "Øvrebø"),        # Fjordvik helsestasjon
        ("even.nilsen", "Even", "Nilsen"),      # municipal admin through a nested group
        ("tor.flytt", "Tor", "Flytt"),          # removed by the sync test
        ("siri.stopp", "Siri", "Stopp"),        # disabled by the sync test
        ("stor.ola", "Stor", "Ola"),            # one of the 1,100 who logs in
    ]:
        U[sam] = user(sam, given, sn, OU_STAFF, pw=password)
    # The accounts AD refuses with a reason (data 533/701/773/532/775).
    U["dina.av"] = user("dina.av", "Dina", "Av", OU_STAFF, pw=password,
                        uac=UF_NORMAL_ACCOUNT | UF_ACCOUNTDISABLE)
    # accountExpires: 100-ns ticks since 1601; one day in the past.
    past = (int(time.time()) - 86400 + 11644473600) * 10**7
    U["erik.ute"] = user("erik.ute", "Erik", "Ute", OU_STAFF, pw=password,
                         extra={"accountExpires": str(past)})
    U["mona.ny"] = user("mona.ny", "Mona", "Ny", OU_STAFF, pw=password,
                        extra={"pwdLastSet": "0"})
    U["lars.laas"] = user("lars.laas", "Lars", "Laas", OU_STAFF, pw=password)

    bulk = [U["stor.ola"]]
    for i in range(1, 1100):
        bulk.append(user("masse%04d" % i, "Masse", "Nr %04d" % i, OU_BULK,
                         uac=UF_NORMAL_ACCOUNT | UF_PASSWD_NOTREQD | UF_DONT_EXPIRE_PASSWD))

    vikarer = group("Solbakken vikarer", OU_GROUPS, "Vikarer i Solbakken barnehage",
                    [U["vera.vik"]])
    skole_ledere = group("Fjordvik skole ledere", OU_GROUPS, "Ledere av Fjordvik skole")
    rektorat = group("Rektorat", OU_GROUPS, "Rektoratet ved Fjordvik skole", [U["per.lund"]])
    leaders = group("Stafettlogg-Virksomhetsledere", OU_GROUPS, "Virksomhetsledere",
                    [U["kari.holm"], skole_ledere])
    it = group("IT-drift", OU_GROUPS, "IT-avdelingen", [U["even.nilsen"]])
    group("Stafettlogg-Kommuneadmin", OU_GROUPS, "Kommunale administratorer", [it])
    # Fjordvik skole's leaders: the group Rektorat nested in it.
    m = ldb.Message()
    m.dn = ldb.Dn(db, skole_ledere)
    m["member"] = ldb.MessageElement(rektorat, ldb.FLAG_MOD_ADD, "member")
    db.modify(m)

    group("solbakken-barnehage", OU_UNITS, "Solbakken barnehage",
          [U["kari.holm"], U["ola.berg"], vikarer], managed_by=U["kari.holm"])
    group("fjordvik-skole", OU_UNITS, "Fjordvik skole",
          [U["ingrid.dahl"], rektorat, U["tor.flytt"], U["siri.stopp"]],
          managed_by=skole_ledere)
    group("fjordvik-helsestasjon", OU_UNITS, "Fjordvik helsestasjon",
          [U["ase.ovrebo"], U["dina.av"], U["erik.ute"], U["mona.ny"],
           U["lars.laas"]])
    group("storbyen-omsorg", OU_UNITS, "Storbyen omsorg", bulk)

    # Locked: lockoutTime now (within lockoutDuration).
    now = (int(time.time()) + 11644473600) * 10**7
    m = ldb.Message()
    m.dn = ldb.Dn(db, U["lars.laas"])
    m["lockoutTime"] = ldb.MessageElement(str(now), ldb.FLAG_MOD_REPLACE, "lockoutTime")
    db.modify(m)
except Exception:
    db.transaction_cancel()
    raise
db.transaction_commit()
print("samba-populate: %d accounts, %.1f s" % (len(U) + len(bulk), time.monotonic() - t0))
