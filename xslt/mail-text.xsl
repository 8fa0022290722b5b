<?xml version="1.0" encoding="UTF-8"?>
<!--
  Stafettlogg: a notice as plain text, from the same XML as mail.xsl: the
  subject on the first line, a blank line, then the body. With
  notice/@part = 'sms' only a short text with the link (the SMS).
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="mail.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:variable name="nl" select="'&#10;'"/>

  <xsl:template match="/">
    <xsl:call-template name="notice-subject"/>
    <xsl:value-of select="$nl"/>
    <xsl:value-of select="$nl"/>
    <xsl:choose>
      <xsl:when test="$n/@part = 'sms'">
        <xsl:if test="$n/meeting">
          <xsl:call-template name="meeting-when"/>
          <xsl:value-of select="$nl"/>
        </xsl:if>
        <xsl:value-of select="$n/@href"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="notice-body"/>
        <xsl:value-of select="$nl"/>
        <xsl:if test="$n/meeting">
          <xsl:value-of select="$nl"/>
          <xsl:call-template name="meeting-when"/>
          <xsl:value-of select="$nl"/>
        </xsl:if>
        <xsl:value-of select="$nl"/>
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'notice.open'"/>
        </xsl:call-template>
        <xsl:text>: </xsl:text>
        <xsl:value-of select="$n/@href"/>
        <xsl:value-of select="$nl"/>
        <xsl:value-of select="$nl"/>
        <xsl:text>-- </xsl:text>
        <xsl:value-of select="$nl"/>
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'notice.footer'"/>
          <xsl:with-param name="a1" select="$municipality"/>
        </xsl:call-template>
        <xsl:value-of select="$nl"/>
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'notice.choose'"/>
        </xsl:call-template>
        <xsl:text>: </xsl:text>
        <xsl:value-of select="$n/@profile"/>
        <xsl:value-of select="$nl"/>
        <xsl:if test="$n/@unsubscribe">
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'notice.unsubscribe'"/>
          </xsl:call-template>
          <xsl:text>: </xsl:text>
          <xsl:value-of select="$n/@unsubscribe"/>
          <xsl:value-of select="$nl"/>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
