<?xml version="1.0" encoding="UTF-8"?>
<!--
  Print layouts of the consent form (filled in for a log) and the blank
  "manual stafettlogg" form, in the nine languages of i18n/print/*.xml
  (included by print.xsl). Right-to-left languages get dir="rtl" on <doc>.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template name="p">
    <xsl:param name="k"/>
    <xsl:param name="class"/>
    <p>
      <xsl:if test="$class != ''"><xsl:attribute name="class"><xsl:value-of select="$class"/></xsl:attribute></xsl:if>
      <xsl:call-template name="pmsg"><xsl:with-param name="k" select="$k"/></xsl:call-template>
    </p>
  </xsl:template>

  <xsl:template name="ph">
    <xsl:param name="k"/>
    <xsl:param name="level" select="2"/>
    <h level="{$level}"><xsl:call-template name="pmsg"><xsl:with-param name="k" select="$k"/></xsl:call-template></h>
  </xsl:template>

  <!-- A label with lines to write on, kept together. -->
  <xsl:template name="write">
    <xsl:param name="k"/>
    <xsl:param name="lines" select="1"/>
    <keep>
      <p class="bold" before="8"><xsl:call-template name="pmsg"><xsl:with-param name="k" select="$k"/></xsl:call-template></p>
      <blank lines="{$lines}"/>
    </keep>
  </xsl:template>

  <!-- A label and a filled-in value, or lines to write on when empty. -->
  <xsl:template name="field">
    <xsl:param name="k"/>
    <xsl:param name="v"/>
    <xsl:param name="lines" select="1"/>
    <xsl:choose>
      <xsl:when test="$kind = 'consent' and string($v) != ''">
        <row>
          <cell class="bold"><xsl:call-template name="pmsg"><xsl:with-param name="k" select="$k"/></xsl:call-template></cell>
          <cell dir="auto"><xsl:value-of select="$v"/></cell>
        </row>
      </xsl:when>
      <xsl:otherwise>
        <row>
          <cell class="bold"><xsl:call-template name="pmsg"><xsl:with-param name="k" select="$k"/></xsl:call-template></cell>
          <cell>
            <xsl:call-template name="newlines"><xsl:with-param name="n" select="$lines"/></xsl:call-template>
          </cell>
        </row>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="newlines">
    <xsl:param name="n"/>
    <xsl:text> </xsl:text>
    <xsl:if test="$n &gt; 1">
      <xsl:text>&#10;</xsl:text>
      <xsl:call-template name="newlines"><xsl:with-param name="n" select="$n - 1"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="print-consent">
    <xsl:param name="title"/>
    <p class="title"><xsl:value-of select="$title"/></p>
    <xsl:call-template name="p">
      <xsl:with-param name="k" select="concat('print.', $kind, '.intro')"/>
    </xsl:call-template>
    <space pt="6"/>
    <table widths="34 66">
      <xsl:call-template name="field">
        <xsl:with-param name="k" select="'print.consent.child'"/>
        <xsl:with-param name="v" select="$log/child/@name"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="k" select="'print.consent.born'"/>
        <xsl:with-param name="v">
          <xsl:if test="$log">
            <xsl:call-template name="d"><xsl:with-param name="v" select="$log/child/@birth-date"/></xsl:call-template>
          </xsl:if>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="k" select="'print.consent.guardians'"/>
        <xsl:with-param name="lines" select="2"/>
        <xsl:with-param name="v">
          <xsl:for-each select="$log/guardians/guardian">
            <xsl:if test="position() &gt; 1"><xsl:text>&#10;</xsl:text></xsl:if>
            <xsl:value-of select="@name"/>
          </xsl:for-each>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="k" select="'print.consent.services'"/>
        <xsl:with-param name="lines" select="3"/>
        <xsl:with-param name="v">
          <xsl:for-each select="/page/content/services/service">
            <xsl:if test="position() &gt; 1"><xsl:text>&#10;</xsl:text></xsl:if>
            <xsl:value-of select="@name"/>
          </xsl:for-each>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="k" select="'print.consent.scope'"/>
        <xsl:with-param name="lines" select="2"/>
        <xsl:with-param name="v" select="$log/consents/consent[last()]/scope"/>
      </xsl:call-template>
    </table>

    <xsl:if test="$kind = 'manual'">
      <xsl:call-template name="ph"><xsl:with-param name="k" select="'print.manual.concern'"/></xsl:call-template>
      <xsl:call-template name="write">
        <xsl:with-param name="k" select="'print.manual.description'"/>
        <xsl:with-param name="lines" select="3"/>
      </xsl:call-template>
      <xsl:call-template name="write">
        <xsl:with-param name="k" select="'print.manual.goal'"/>
        <xsl:with-param name="lines" select="2"/>
      </xsl:call-template>
      <xsl:call-template name="ph"><xsl:with-param name="k" select="'print.manual.measures'"/></xsl:call-template>
      <table widths="40 24 18 18">
        <row header="1">
          <cell><xsl:call-template name="pmsg"><xsl:with-param name="k" select="'print.manual.measure'"/></xsl:call-template></cell>
          <cell><xsl:call-template name="pmsg"><xsl:with-param name="k" select="'print.manual.actor'"/></xsl:call-template></cell>
          <cell><xsl:call-template name="pmsg"><xsl:with-param name="k" select="'print.manual.start'"/></xsl:call-template></cell>
          <cell><xsl:call-template name="pmsg"><xsl:with-param name="k" select="'print.manual.evaluate-by'"/></xsl:call-template></cell>
        </row>
        <xsl:call-template name="empty-rows"><xsl:with-param name="n" select="6"/></xsl:call-template>
      </table>
      <xsl:call-template name="write">
        <xsl:with-param name="k" select="'print.manual.bright-spots'"/>
        <xsl:with-param name="lines" select="4"/>
      </xsl:call-template>
      <xsl:call-template name="write">
        <xsl:with-param name="k" select="'print.manual.evaluation'"/>
        <xsl:with-param name="lines" select="3"/>
      </xsl:call-template>
    </xsl:if>

    <xsl:call-template name="ph"><xsl:with-param name="k" select="'print.consent.privacy.title'"/></xsl:call-template>
    <xsl:call-template name="p"><xsl:with-param name="k" select="'print.consent.privacy.1'"/></xsl:call-template>
    <xsl:call-template name="p"><xsl:with-param name="k" select="'print.consent.privacy.2'"/></xsl:call-template>
    <xsl:call-template name="p"><xsl:with-param name="k" select="'print.consent.privacy.3'"/></xsl:call-template>
    <xsl:call-template name="p"><xsl:with-param name="k" select="'print.consent.privacy.4'"/></xsl:call-template>

    <xsl:call-template name="ph"><xsl:with-param name="k" select="'print.consent.agree.title'"/></xsl:call-template>
    <p><xsl:text>☐ </xsl:text><xsl:call-template name="pmsg"><xsl:with-param name="k" select="'print.consent.agree.1'"/></xsl:call-template></p>
    <p><xsl:text>☐ </xsl:text><xsl:call-template name="pmsg"><xsl:with-param name="k" select="'print.consent.agree.2'"/></xsl:call-template></p>
    <xsl:call-template name="p">
      <xsl:with-param name="k" select="'print.consent.withdraw'"/>
      <xsl:with-param name="class" select="'small'"/>
    </xsl:call-template>

    <keep>
      <xsl:call-template name="ph"><xsl:with-param name="k" select="'print.consent.sign.title'"/></xsl:call-template>
      <xsl:call-template name="write"><xsl:with-param name="k" select="'print.consent.sign.place-date'"/></xsl:call-template>
      <xsl:call-template name="write"><xsl:with-param name="k" select="'print.consent.sign.guardian'"/></xsl:call-template>
      <xsl:call-template name="write"><xsl:with-param name="k" select="'print.consent.sign.guardian'"/></xsl:call-template>
      <xsl:call-template name="write"><xsl:with-param name="k" select="'print.consent.sign.youth'"/></xsl:call-template>
    </keep>
  </xsl:template>

  <xsl:template name="empty-rows">
    <xsl:param name="n"/>
    <row><cell><xsl:text> &#10; </xsl:text></cell><cell> </cell><cell> </cell><cell> </cell></row>
    <xsl:if test="$n &gt; 1">
      <xsl:call-template name="empty-rows"><xsl:with-param name="n" select="$n - 1"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
