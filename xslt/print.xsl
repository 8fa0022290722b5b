<?xml version="1.0" encoding="UTF-8"?>
<!--
  Stafettlogg: the print stylesheet. It turns the same view model the page
  gets (the same policy: what is not in the view cannot be printed) into the
  small page layout that fcgi/pdf.c draws (vocabulary in fcgi/pdf.h and
  xslt/README.md "Print layout"). /page/meta/print says what to print:
    kind="plan"     the agreed plan (active concerns and measures)
    kind="log"      everything of the log in the view
    kind="archive"  the archive copy (the view of the whole log, with history)
    kind="consent"  the consent form of a log, in print/@lang
    kind="manual"   the blank "manual stafettlogg" form, in print/@lang
  It imports page.xsl for the message catalogs and the date templates.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="page.xsl"/>
  <xsl:include href="print/log.xsl"/>
  <xsl:include href="print/consent.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:variable name="print" select="/page/meta/print"/>
  <xsl:variable name="kind" select="string($print/@kind)"/>

  <!-- The language of the print catalog: one of the nine, else nb. Also a
       file name, so it stays this strict. -->
  <xsl:variable name="plang">
    <xsl:choose>
      <xsl:when test="$print/@lang = 'nb' or $print/@lang = 'nn' or $print/@lang = 'en'
                      or $print/@lang = 'ar' or $print/@lang = 'fa-AF' or $print/@lang = 'ps'
                      or $print/@lang = 'so' or $print/@lang = 'ti' or $print/@lang = 'tr'">
        <xsl:value-of select="$print/@lang"/>
      </xsl:when>
      <xsl:when test="$kind = 'consent' or $kind = 'manual'">nb</xsl:when>
      <xsl:otherwise><xsl:value-of select="$lang"/></xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="pdir">
    <xsl:choose>
      <xsl:when test="$plang = 'ar' or $plang = 'fa-AF' or $plang = 'ps'">rtl</xsl:when>
      <xsl:otherwise>ltr</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <!-- Catalogs: document() resolves against this file, next to page.xsl. -->
  <xsl:variable name="pnb" select="document('i18n/print/nb.xml')/messages"/>
  <xsl:variable name="pcat" select="document(concat('i18n/print/', $plang, '.xml'))/messages"/>

  <xsl:variable name="log" select="/page/content/log"/>

  <!-- pmsg: the print catalog's text of $k in $plang (falling back to nb),
       with "{1}" and "{2}" filled from $a1 and $a2. -->
  <xsl:template name="pmsg">
    <xsl:param name="k"/>
    <xsl:param name="a1"/>
    <xsl:param name="a2"/>
    <xsl:variable name="t">
      <xsl:for-each select="$pcat">
        <xsl:variable name="own" select="key('msg', $k)"/>
        <xsl:choose>
          <xsl:when test="string($own) != ''"><xsl:value-of select="$own"/></xsl:when>
          <xsl:otherwise>
            <xsl:for-each select="$pnb">
              <xsl:value-of select="key('msg', $k)"/>
            </xsl:for-each>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </xsl:variable>
    <xsl:call-template name="fill2">
      <xsl:with-param name="t" select="string($t)"/>
      <xsl:with-param name="a1" select="$a1"/>
      <xsl:with-param name="a2" select="$a2"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="fill2">
    <xsl:param name="t"/>
    <xsl:param name="a1"/>
    <xsl:param name="a2"/>
    <xsl:choose>
      <xsl:when test="contains($t, '{1}')">
        <xsl:call-template name="fill2">
          <xsl:with-param name="t" select="substring-before($t, '{1}')"/>
          <xsl:with-param name="a2" select="$a2"/>
        </xsl:call-template>
        <xsl:value-of select="$a1"/>
        <xsl:call-template name="fill2">
          <xsl:with-param name="t" select="substring-after($t, '{1}')"/>
          <xsl:with-param name="a1" select="$a1"/>
          <xsl:with-param name="a2" select="$a2"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="contains($t, '{2}')">
        <xsl:value-of select="substring-before($t, '{2}')"/>
        <xsl:value-of select="$a2"/>
        <xsl:value-of select="substring-after($t, '{2}')"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$t"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- t: a page catalog text as a plain string. -->
  <xsl:template name="t">
    <xsl:param name="k"/>
    <xsl:param name="a1"/>
    <xsl:variable name="v">
      <xsl:call-template name="msg">
        <xsl:with-param name="k" select="$k"/>
        <xsl:with-param name="a1" select="$a1"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:value-of select="$v"/>
  </xsl:template>

  <!-- d: a date (or the day of a time) as dd.mm.åååå; dt: with the clock,
       "dd.mm.åååå hh.mm", in Norwegian time. -->
  <xsl:template name="d">
    <xsl:param name="v"/>
    <xsl:variable name="local">
      <xsl:call-template name="local-time">
        <xsl:with-param name="v" select="string($v)"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:call-template name="date-text">
      <xsl:with-param name="v" select="substring($local, 1, 10)"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template name="dt">
    <xsl:param name="v"/>
    <xsl:variable name="local">
      <xsl:call-template name="local-time">
        <xsl:with-param name="v" select="string($v)"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:call-template name="date-text">
      <xsl:with-param name="v" select="substring($local, 1, 10)"/>
    </xsl:call-template>
    <xsl:if test="string-length($local) &gt;= 16">
      <xsl:value-of select="concat(' ', translate(substring($local, 12, 5), ':', '.'))"/>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ the doc -->

  <xsl:template match="/">
    <xsl:variable name="title">
      <xsl:choose>
        <xsl:when test="$kind = 'consent' or $kind = 'manual'">
          <xsl:call-template name="pmsg">
            <xsl:with-param name="k" select="concat('print.', $kind, '.title')"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="t">
            <xsl:with-param name="k" select="concat('print.', $kind, '.title')"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="printed">
      <xsl:call-template name="dt">
        <xsl:with-param name="v" select="$print/@at"/>
      </xsl:call-template>
    </xsl:variable>
    <doc lang="{$plang}" dir="{$pdir}" author="{$print/@by}" subject="{$title}">
      <xsl:attribute name="title">
        <xsl:value-of select="$title"/>
        <xsl:if test="string($log/child/@name) != ''">
          <xsl:value-of select="concat(' – ', $log/child/@name)"/>
        </xsl:if>
      </xsl:attribute>
      <header start="{$log/child/@name}">
        <xsl:attribute name="end">
          <xsl:call-template name="pmsg">
            <xsl:with-param name="k" select="'print.marking'"/>
          </xsl:call-template>
        </xsl:attribute>
      </header>
      <footer>
        <xsl:attribute name="start">
          <xsl:call-template name="pmsg">
            <xsl:with-param name="k" select="'print.printed'"/>
            <xsl:with-param name="a1" select="$printed"/>
            <xsl:with-param name="a2" select="string($print/@by)"/>
          </xsl:call-template>
        </xsl:attribute>
        <xsl:attribute name="end">
          <xsl:call-template name="pmsg">
            <xsl:with-param name="k" select="'print.page'"/>
          </xsl:call-template>
        </xsl:attribute>
      </footer>
      <xsl:choose>
        <xsl:when test="$kind = 'plan'">
          <xsl:call-template name="print-plan">
            <xsl:with-param name="title" select="$title"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:when test="$kind = 'log' or $kind = 'archive'">
          <xsl:call-template name="print-log">
            <xsl:with-param name="title" select="$title"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:when test="$kind = 'consent' or $kind = 'manual'">
          <xsl:call-template name="print-consent">
            <xsl:with-param name="title" select="$title"/>
          </xsl:call-template>
        </xsl:when>
      </xsl:choose>
    </doc>
  </xsl:template>

  <!-- A table row: label, value (user text: dir="auto"). -->
  <xsl:template name="kv">
    <xsl:param name="k"/>
    <xsl:param name="v"/>
    <xsl:if test="string($v) != ''">
      <row>
        <cell class="bold">
          <xsl:call-template name="t">
            <xsl:with-param name="k" select="$k"/>
          </xsl:call-template>
        </cell>
        <cell dir="auto"><xsl:value-of select="$v"/></cell>
      </row>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
