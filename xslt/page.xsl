<?xml version="1.0" encoding="UTF-8"?>
<!--
  Stafettlogg: the one page stylesheet. It turns the view model (see README.md)
  into HTML. It only presents: what the user may see and do is already decided
  in C. Every data string reaches the HTML through xsl:value-of or an attribute
  value template, so the serializer escapes it. Output escaping is never
  switched off; no script, no style, no event-handler attributes.

  Parts:
    page.xsl        globals, message catalogs, the layout (this file)
    forms.xsl       forms and links generated from <action> elements
    views/*.xsl     one file per view: match="page[@view='NAME']/content" mode="view"
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:output method="html" encoding="UTF-8" indent="no"/>

  <xsl:include href="forms.xsl"/>
  <xsl:include href="views/login.xsl"/>
  <xsl:include href="views/start.xsl"/>
  <xsl:include href="views/profile.xsl"/>
  <xsl:include href="views/notices.xsl"/>
  <xsl:include href="views/error.xsl"/>
  <xsl:include href="views/logs.xsl"/>
  <xsl:include href="views/log-new.xsl"/>
  <xsl:include href="views/log.xsl"/>
  <xsl:include href="views/lifecycle.xsl"/>
  <xsl:include href="views/meeting-leave.xsl"/>
  <xsl:include href="views/measure-correction.xsl"/>
  <xsl:include href="views/unit-staff.xsl"/>
  <xsl:include href="views/categories.xsl"/>
  <xsl:include href="views/directory.xsl"/>
  <xsl:include href="views/people.xsl"/>
  <xsl:include href="views/overview.xsl"/>
  <xsl:include href="views/concern-form.xsl"/>

  <!-- ============================================================ globals -->

  <xsl:variable name="view" select="string(/page/@view)"/>

  <!-- Only the three known languages; anything else falls back to nb. The
       value is also used to build a file name, so it must stay this strict. -->
  <xsl:variable name="lang">
    <xsl:choose>
      <xsl:when test="/page/@lang = 'nn' or /page/@lang = 'en'">
        <xsl:value-of select="/page/@lang"/>
      </xsl:when>
      <xsl:otherwise>nb</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <!-- Message catalogs. In XSLT 1.0 document() with a single string argument
       resolves the URI against the base URI of the stylesheet node holding
       the expression: these xsl:variable elements, i.e. this file. So the
       catalogs are found next to page.xsl whatever the working directory and
       whatever the base URI (or lack of one) of the input document. Keep these
       calls in this file: in an included file they would resolve against that
       file's folder instead. -->
  <xsl:variable name="nb" select="document('i18n/nb.xml')/messages"/>
  <xsl:variable name="cat" select="document(concat('i18n/', $lang, '.xml'))/messages"/>

  <xsl:key name="msg" match="m" use="@k"/>

  <xsl:variable name="user" select="/page/meta/user"/>
  <xsl:variable name="csrf" select="string(/page/meta/csrf)"/>
  <xsl:variable name="path" select="string(/page/meta/path)"/>
  <xsl:variable name="municipality" select="string(/page/meta/municipality)"/>

  <!-- Meeting mode: the session is locked to one log shown on a big screen.
       The header then links nowhere else (the C side offers no such
       actions either) and the text is larger. True on the log in meeting
       mode, on the page that leaves it, and on the error that refuses
       every other page. -->
  <xsl:variable name="meeting-mode"
    select="/page/content/log/@meeting-mode = '1' or $view = 'meeting-leave'
            or /page/content/error/@key = 'error.meeting-mode'
            or /page/content/error/@key = 'error.meeting-mode.access'
            or /page/meta/error/@key = 'error.meeting-mode'"/>

  <!-- Names of the actions the header places itself (only when a user is
       logged in), followed by those the current view places: the generic
       action area at the bottom of main skips all of them. Each entry is
       surrounded by spaces. -->
  <xsl:variable name="placed">
    <xsl:text> </xsl:text>
    <xsl:if test="$user">
      <xsl:text>logout start logs profile </xsl:text>
    </xsl:if>
    <xsl:apply-templates select="/page" mode="placed"/>
    <xsl:text> </xsl:text>
  </xsl:variable>

  <!-- Views list the actions they place by overriding this template, e.g.
       <xsl:template match="page[@view='login']" mode="placed">login</xsl:template>
       (space-separated names). -->
  <xsl:template match="page" mode="placed"/>

  <!-- =========================================================== messages -->

  <!-- msg: the text of catalog key $k in the page language; falls back to
       nb, then to the key itself. "{1}" in the text is replaced by $a1,
       which may be a string or a result tree fragment (copied as is, so it
       may hold markup built by the stylesheet around escaped data). -->
  <xsl:template name="msg">
    <xsl:param name="k"/>
    <xsl:param name="a1"/>
    <xsl:call-template name="msg-text">
      <xsl:with-param name="k" select="$k"/>
      <xsl:with-param name="a1" select="$a1"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The catalog text of $k with "{1}" filled from $a1. The lookups run
       inside for-each (key() works on the context document) and keep
       node-sets in variables, so no result tree fragment is built per
       message (about 5 % of the log page's transform). -->
  <xsl:template name="msg-text">
    <xsl:param name="k"/>
    <xsl:param name="a1"/>
    <xsl:for-each select="$cat">
      <xsl:variable name="own" select="key('msg', $k)"/>
      <xsl:choose>
        <xsl:when test="string($own) != ''">
          <xsl:call-template name="fill-text">
            <xsl:with-param name="t" select="string($own)"/>
            <xsl:with-param name="a1" select="$a1"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xsl:for-each select="$nb">
            <xsl:variable name="base" select="key('msg', $k)"/>
            <xsl:choose>
              <xsl:when test="string($base) != ''">
                <xsl:call-template name="fill-text">
                  <xsl:with-param name="t" select="string($base)"/>
                  <xsl:with-param name="a1" select="$a1"/>
                </xsl:call-template>
              </xsl:when>
              <xsl:otherwise>
                <xsl:value-of select="$k"/>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- Most texts have no "{1}": write them at once. -->
  <xsl:template name="fill-text">
    <xsl:param name="t"/>
    <xsl:param name="a1"/>
    <xsl:choose>
      <xsl:when test="contains($t, '{1}')">
        <xsl:call-template name="fill">
          <xsl:with-param name="t" select="$t"/>
          <xsl:with-param name="a1" select="$a1"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$t"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- has-msg: "1" when key $k exists in the page language or in nb. -->
  <xsl:template name="has-msg">
    <xsl:param name="k"/>
    <xsl:for-each select="$cat">
      <xsl:choose>
        <xsl:when test="key('msg', $k)">1</xsl:when>
        <xsl:otherwise>
          <xsl:for-each select="$nb">
            <xsl:if test="key('msg', $k)">1</xsl:if>
          </xsl:for-each>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- msg-or: the text of $k when it exists, else the text of $fallback. -->
  <xsl:template name="msg-or">
    <xsl:param name="k"/>
    <xsl:param name="fallback"/>
    <xsl:param name="a1"/>
    <xsl:variable name="has">
      <xsl:call-template name="has-msg">
        <xsl:with-param name="k" select="$k"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:call-template name="msg">
      <xsl:with-param name="k">
        <xsl:choose>
          <xsl:when test="$has = '1'"><xsl:value-of select="$k"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$fallback"/></xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
      <xsl:with-param name="a1" select="$a1"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="fill">
    <xsl:param name="t"/>
    <xsl:param name="a1"/>
    <xsl:choose>
      <xsl:when test="contains($t, '{1}')">
        <xsl:value-of select="substring-before($t, '{1}')"/>
        <xsl:copy-of select="$a1"/>
        <xsl:call-template name="fill">
          <xsl:with-param name="t" select="substring-after($t, '{1}')"/>
          <xsl:with-param name="a1" select="$a1"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$t"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================= titles -->

  <!-- The short title of the view: title.VIEW, or the product name for a
       view without one. Views may override (mode="title"). -->
  <xsl:template match="page" mode="title">
    <xsl:call-template name="msg-or">
      <xsl:with-param name="k" select="concat('title.', $view)"/>
      <xsl:with-param name="fallback" select="'app.name'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The h1 of main. Views may override (mode="heading"). -->
  <xsl:template match="page" mode="heading">
    <h1><xsl:apply-templates select="." mode="title"/></h1>
  </xsl:template>

  <!-- ============================================================= layout -->

  <xsl:template match="/">
    <xsl:apply-templates select="page"/>
  </xsl:template>

  <xsl:template match="/page">
    <html lang="{$lang}">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex, nofollow"/>
        <meta name="referrer" content="same-origin"/>
        <title>
          <xsl:if test="meta/error or actions/action/error">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'title.error-prefix'"/>
            </xsl:call-template>
          </xsl:if>
          <xsl:apply-templates select="." mode="title"/>
          <xsl:text> – </xsl:text>
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'app.name'"/>
          </xsl:call-template>
          <xsl:if test="$municipality != ''">
            <xsl:text> – </xsl:text>
            <xsl:value-of select="$municipality"/>
          </xsl:if>
        </title>
        <link rel="stylesheet" href="/static/style.css"/>
      </head>
      <body>
        <xsl:attribute name="class">
          <xsl:value-of select="concat('view-', $view)"/>
          <xsl:if test="$meeting-mode"> meeting-mode</xsl:if>
        </xsl:attribute>
        <a class="skip-link" href="#main">
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'nav.skip'"/>
          </xsl:call-template>
        </a>
        <xsl:call-template name="header"/>
        <main id="main" tabindex="-1">
          <div class="wrap">
            <xsl:apply-templates select="." mode="heading"/>
            <xsl:call-template name="page-messages"/>
            <xsl:choose>
              <xsl:when test="content">
                <xsl:apply-templates select="content" mode="view"/>
              </xsl:when>
              <xsl:otherwise>
                <xsl:call-template name="generic-view"/>
              </xsl:otherwise>
            </xsl:choose>
            <xsl:call-template name="other-actions"/>
          </div>
        </main>
        <xsl:call-template name="footer"/>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="header">
    <header class="site-header">
      <div class="wrap header-inner">
        <p class="brand">
          <xsl:choose>
            <xsl:when test="$user and not($meeting-mode)">
              <a class="brand-name" href="{$start-href}">
                <xsl:call-template name="msg">
                  <xsl:with-param name="k" select="'app.name'"/>
                </xsl:call-template>
              </a>
            </xsl:when>
            <xsl:otherwise>
              <span class="brand-name">
                <xsl:call-template name="msg">
                  <xsl:with-param name="k" select="'app.name'"/>
                </xsl:call-template>
              </span>
            </xsl:otherwise>
          </xsl:choose>
          <xsl:if test="$municipality != ''">
            <xsl:text> </xsl:text>
            <span class="brand-municipality">
              <xsl:value-of select="$municipality"/>
            </span>
          </xsl:if>
        </p>
        <xsl:if test="$user">
          <xsl:variable name="nav-label">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'nav.user'"/>
            </xsl:call-template>
          </xsl:variable>
          <nav class="user-nav" aria-label="{$nav-label}">
            <p class="signed-in">
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="'nav.signed-in'"/>
                <xsl:with-param name="a1">
                  <strong class="user-name" dir="auto"><xsl:value-of select="$user/@name"/></strong>
                </xsl:with-param>
              </xsl:call-template>
            </p>
            <ul class="nav-list">
              <xsl:if test="not($meeting-mode) and not($user/@kind = 'family')">
                <li>
                  <xsl:call-template name="nav-link">
                    <xsl:with-param name="href" select="$start-href"/>
                    <xsl:with-param name="k" select="'nav.start'"/>
                  </xsl:call-template>
                </li>
                <li>
                  <xsl:call-template name="nav-link">
                    <xsl:with-param name="href" select="'/logs'"/>
                    <xsl:with-param name="k" select="'nav.logs'"/>
                  </xsl:call-template>
                </li>
                <li>
                  <xsl:call-template name="nav-link">
                    <xsl:with-param name="href" select="$profile-href"/>
                    <xsl:with-param name="k" select="'nav.profile'"/>
                  </xsl:call-template>
                </li>
              </xsl:if>
              <xsl:if test="/page/actions/action[@name = 'logout']">
                <li>
                  <xsl:call-template name="action">
                    <xsl:with-param name="name" select="'logout'"/>
                    <xsl:with-param name="class" select="'inline-form'"/>
                    <xsl:with-param name="button-class" select="'link-button'"/>
                  </xsl:call-template>
                </li>
              </xsl:if>
            </ul>
          </nav>
        </xsl:if>
      </div>
    </header>
  </xsl:template>

  <!-- Where the start page and the profile are: from the start/profile
       actions when the view offers them, else the fixed routes. -->
  <xsl:variable name="start-href">
    <xsl:choose>
      <xsl:when test="/page/actions/action[@name = 'start']/@href">
        <xsl:call-template name="safe-href">
          <xsl:with-param name="v" select="string(/page/actions/action[@name = 'start']/@href)"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>/start</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="profile-href">
    <xsl:choose>
      <xsl:when test="/page/actions/action[@name = 'profile']/@href">
        <xsl:call-template name="safe-href">
          <xsl:with-param name="v" select="string(/page/actions/action[@name = 'profile']/@href)"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>/profile</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:template name="nav-link">
    <xsl:param name="href"/>
    <xsl:param name="k"/>
    <a href="{$href}">
      <xsl:if test="$path = $href">
        <xsl:attribute name="aria-current">page</xsl:attribute>
      </xsl:if>
      <xsl:call-template name="msg">
        <xsl:with-param name="k" select="$k"/>
      </xsl:call-template>
    </a>
  </xsl:template>

  <!-- Page-level notices (role=status) and errors (role=alert). -->
  <xsl:template name="page-messages">
    <xsl:if test="meta/error">
      <div class="message message-error" role="alert">
        <xsl:for-each select="meta/error">
          <p>
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="@key"/>
            </xsl:call-template>
          </p>
        </xsl:for-each>
      </div>
    </xsl:if>
    <xsl:if test="meta/notice">
      <div class="message message-notice" role="status">
        <xsl:for-each select="meta/notice">
          <p>
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="@key"/>
            </xsl:call-template>
          </p>
        </xsl:for-each>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- A view this stylesheet does not know yet: the heading (from
       title.VIEW when the catalog has it) and the actions are enough to use
       it. -->
  <xsl:template match="content" mode="view">
    <xsl:call-template name="generic-view"/>
  </xsl:template>

  <xsl:template name="generic-view"/>

  <!-- Every action not placed by the header or by the view: forms first,
       then links. Actions that belong to one object (@for) are the view's
       to place next to that object (forms.xsl, "actions-for"). -->
  <xsl:template name="other-actions">
    <xsl:variable name="rest"
      select="actions/action[not(@for) and not(contains($placed, concat(' ', @name, ' ')))]"/>
    <xsl:variable name="forms" select="$rest[field or translate(@method, 'post', 'POST') = 'POST']"/>
    <xsl:variable name="links" select="$rest[not(field) and not(translate(@method, 'post', 'POST') = 'POST')]"/>
    <xsl:if test="$rest">
      <div class="page-actions">
        <xsl:apply-templates select="$forms" mode="action"/>
        <xsl:if test="$links">
          <ul class="action-links">
            <xsl:for-each select="$links">
              <li><xsl:apply-templates select="." mode="action"/></li>
            </xsl:for-each>
          </ul>
        </xsl:if>
      </div>
    </xsl:if>
  </xsl:template>

  <xsl:template name="footer">
    <footer class="site-footer">
      <div class="wrap">
        <p class="footer-name">
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'app.name'"/>
          </xsl:call-template>
          <xsl:if test="$municipality != ''">
            <xsl:text> – </xsl:text>
            <xsl:value-of select="$municipality"/>
          </xsl:if>
        </p>
        <p class="footer-text">
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'footer.text'"/>
          </xsl:call-template>
        </p>
      </div>
    </footer>
  </xsl:template>

  <!-- ============================================================ helpers -->

  <!-- safe-href: the URL $v when it is a path on this site ("/...", not
       "//..." or "/\..."), a fragment ("#...") or a query ("?..."); else "#".
       Every href and form action goes through here, so a javascript: or
       foreign URL in the data can never become a link. Browsers drop TAB,
       CR and LF inside a URL and read "\" as "/", so "/&#9;/host" would
       lead to another host: control characters and backslashes anywhere
       make the URL "#". -->
  <xsl:variable name="url-bad-chars">&#9;&#10;&#13;\&#127;&#128;&#129;&#130;&#131;&#132;&#133;&#134;&#135;&#136;&#137;&#138;&#139;&#140;&#141;&#142;&#143;&#144;&#145;&#146;&#147;&#148;&#149;&#150;&#151;&#152;&#153;&#154;&#155;&#156;&#157;&#158;&#159;</xsl:variable>
  <xsl:template name="safe-href">
    <xsl:param name="v"/>
    <xsl:variable name="c1" select="substring($v, 1, 1)"/>
    <xsl:variable name="c2" select="substring($v, 2, 1)"/>
    <xsl:choose>
      <xsl:when test="translate($v, $url-bad-chars, '') != $v">#</xsl:when>
      <xsl:when test="($c1 = '/' and $c2 != '/') or $c1 = '#' or $c1 = '?'">
        <xsl:value-of select="$v"/>
      </xsl:when>
      <xsl:otherwise>#</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- safe-return: $v when it may be a form's _return (the page to come
       back to), the same rule as return_path_ok in fcgi/session.c: "/" and
       then only letters, digits and "/._~-", never "//"; then optionally "?"
       and only letters, digits and "._~-%=&amp;+"; else ''. -->
  <xsl:template name="safe-return">
    <xsl:param name="v"/>
    <xsl:variable name="p">
      <xsl:choose>
        <xsl:when test="contains($v, '?')"><xsl:value-of select="substring-before($v, '?')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$v"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="q" select="substring-after($v, '?')"/>
    <xsl:variable name="alnum" select="'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~-'"/>
    <xsl:if test="substring($p, 1, 1) = '/' and not(contains($p, '//'))
                  and string-length($v) &lt; 500
                  and translate($p, concat($alnum, '/'), '') = ''
                  and translate($q, concat($alnum, '%=&amp;+'), '') = ''">
      <xsl:value-of select="$v"/>
    </xsl:if>
  </xsl:template>

  <!-- Formats an ISO date or date-time (YYYY-MM-DD, YYYY-MM-DDTHH:MM...,
       YYYY-MM-DD HH:MM...) inside a <time> element, in one format for
       every page and language: 05.11.2024 kl. 14.32 (dd.mm.åååå; a full
       stop between hours and minutes, as Språkrådet recommends). A time in
       UTC (ending in Z, as the view model gives them) is shown in
       Norwegian time (CET, CEST in summer).
       $part: '' for all, 'date' for the day only, 'time' for the clock
       only ("kl. 19.00").
       Anything else is shown as it is. -->
  <xsl:template name="datetime">
    <xsl:param name="v"/>
    <xsl:param name="part"/>
    <xsl:variable name="ok"
      select="string-length($v) &gt;= 10 and substring($v, 5, 1) = '-' and substring($v, 8, 1) = '-'
              and translate(substring($v, 1, 4), '0123456789', '') = ''"/>
    <xsl:choose>
      <xsl:when test="$ok">
        <xsl:variable name="local">
          <xsl:call-template name="local-time">
            <xsl:with-param name="v" select="$v"/>
          </xsl:call-template>
        </xsl:variable>
        <xsl:variable name="y" select="substring($local, 1, 4)"/>
        <xsl:variable name="mo" select="substring($local, 6, 2)"/>
        <xsl:variable name="d" select="substring($local, 9, 2)"/>
        <xsl:variable name="hm" select="translate(substring($local, 12, 5), ':', '.')"/>
        <xsl:variable name="has-time" select="string-length($hm) = 5 and substring($hm, 3, 1) = '.'"/>
        <time datetime="{$v}">
          <xsl:choose>
            <xsl:when test="$part = 'time' and $has-time">
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="'time.clock'"/>
                <xsl:with-param name="a1" select="$hm"/>
              </xsl:call-template>
            </xsl:when>
            <xsl:otherwise>
              <xsl:value-of select="concat($d, '.', $mo, '.', $y)"/>
              <xsl:if test="$has-time and $part != 'date'">
                <xsl:call-template name="msg">
                  <xsl:with-param name="k" select="'time.at'"/>
                  <xsl:with-param name="a1" select="$hm"/>
                </xsl:call-template>
              </xsl:if>
            </xsl:otherwise>
          </xsl:choose>
        </time>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$v"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- date-text: the day of an ISO date as plain text, dd.mm.åååå (for
       places that cannot hold markup, such as an option); anything else
       as it is. -->
  <xsl:template name="date-text">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="string-length($v) &gt;= 10 and substring($v, 5, 1) = '-' and substring($v, 8, 1) = '-'
                      and translate(concat(substring($v, 1, 4), substring($v, 6, 2), substring($v, 9, 2)),
                                    '0123456789', '') = ''">
        <xsl:value-of select="concat(substring($v, 9, 2), '.', substring($v, 6, 2), '.', substring($v, 1, 4))"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$v"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "YYYY-MM-DD HH:MM" in Norwegian time for a UTC time ending in Z
       (YYYY-MM-DDTHH:MM[:SS]Z); any other value comes back as it is.
       Norway: UTC+1, and UTC+2 from 01:00 UTC on the last Sunday of March
       to 01:00 UTC on the last Sunday of October. -->
  <xsl:template name="local-time">
    <xsl:param name="v"/>
    <xsl:variable name="utc"
      select="substring($v, string-length($v), 1) = 'Z' and string-length($v) &gt;= 17
              and substring($v, 14, 1) = ':'
              and translate(concat(substring($v, 6, 2), substring($v, 9, 2), substring($v, 12, 2),
                                   substring($v, 15, 2)), '0123456789', '') = ''"/>
    <xsl:choose>
      <xsl:when test="$utc">
        <xsl:variable name="y" select="number(substring($v, 1, 4))"/>
        <xsl:variable name="mo" select="number(substring($v, 6, 2))"/>
        <xsl:variable name="d" select="number(substring($v, 9, 2))"/>
        <xsl:variable name="h" select="number(substring($v, 12, 2))"/>
        <!-- weekday of the 31st (0 = Sunday), Sakamoto's method; March and
             October need no year shift -->
        <xsl:variable name="base" select="$y + floor($y div 4) - floor($y div 100) + floor($y div 400) + 31"/>
        <xsl:variable name="last-sun-mar" select="31 - ($base + 2) mod 7"/>
        <xsl:variable name="last-sun-oct" select="31 - ($base + 6) mod 7"/>
        <xsl:variable name="summer"
          select="($mo &gt; 3 and $mo &lt; 10)
                  or ($mo = 3 and ($d &gt; $last-sun-mar or ($d = $last-sun-mar and $h &gt;= 1)))
                  or ($mo = 10 and ($d &lt; $last-sun-oct or ($d = $last-sun-oct and $h &lt; 1)))"/>
        <xsl:variable name="lh" select="$h + 1 + number($summer)"/>
        <xsl:variable name="leap" select="($y mod 4 = 0 and $y mod 100 != 0) or $y mod 400 = 0"/>
        <xsl:variable name="month-days">
          <xsl:choose>
            <xsl:when test="$mo = 2 and $leap">29</xsl:when>
            <xsl:otherwise>
              <xsl:value-of select="number(substring('312831303130313130313031', ($mo - 1) * 2 + 1, 2))"/>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <xsl:variable name="next" select="$lh &gt;= 24"/>
        <xsl:variable name="nd">
          <xsl:choose>
            <xsl:when test="$next and $d = number($month-days)">1</xsl:when>
            <xsl:when test="$next"><xsl:value-of select="$d + 1"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="$d"/></xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <xsl:variable name="nmo">
          <xsl:choose>
            <xsl:when test="$next and $d = number($month-days) and $mo = 12">1</xsl:when>
            <xsl:when test="$next and $d = number($month-days)"><xsl:value-of select="$mo + 1"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="$mo"/></xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <xsl:variable name="ny">
          <xsl:choose>
            <xsl:when test="$next and $d = number($month-days) and $mo = 12"><xsl:value-of select="$y + 1"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="$y"/></xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <xsl:value-of select="concat(format-number($ny, '0000'), '-', format-number($nmo, '00'), '-',
                                     format-number($nd, '00'), ' ', format-number($lh mod 24, '00'), ':',
                                     substring($v, 15, 2))"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$v"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
