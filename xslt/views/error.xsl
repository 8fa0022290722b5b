<?xml version="1.0" encoding="UTF-8"?>
<!--
  view="error": <error status="404" key="error.404"/> (also 400, 403, 405,
  413, 422, 500, 503; key may be another one, e.g. error.csrf).
  Heading: the status code and error.STATUS.title; text: the key's message.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template match="page[@view = 'error']" mode="placed">start</xsl:template>

  <xsl:template name="error-status">
    <xsl:choose>
      <xsl:when test="/page/content/error/@status">
        <xsl:value-of select="/page/content/error/@status"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="/page/@status"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page[@view = 'error']" mode="title">
    <xsl:variable name="status">
      <xsl:call-template name="error-status"/>
    </xsl:variable>
    <xsl:call-template name="msg-or">
      <xsl:with-param name="k" select="concat('error.', $status, '.title')"/>
      <xsl:with-param name="fallback" select="'title.error'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="page[@view = 'error']" mode="heading">
    <xsl:variable name="status">
      <xsl:call-template name="error-status"/>
    </xsl:variable>
    <h1 class="error-heading">
      <xsl:if test="string($status) != ''">
        <span class="status-code"><xsl:value-of select="$status"/></span>
        <xsl:text> </xsl:text>
      </xsl:if>
      <span class="status-title">
        <xsl:apply-templates select="." mode="title"/>
      </span>
    </h1>
  </xsl:template>

  <xsl:template match="page[@view = 'error']/content" mode="view">
    <xsl:variable name="status">
      <xsl:call-template name="error-status"/>
    </xsl:variable>
    <div class="panel panel-narrow">
      <p class="lead">
        <xsl:choose>
          <xsl:when test="error/@key">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="error/@key"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="msg-or">
              <xsl:with-param name="k" select="concat('error.', $status)"/>
              <xsl:with-param name="fallback" select="'error.generic'"/>
            </xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </p>
      <!-- in meeting mode the start page is refused too: no way there -->
      <xsl:if test="not($meeting-mode)">
        <p>
          <a class="button" href="{$start-href}">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'action.start'"/>
            </xsl:call-template>
          </a>
        </p>
      </xsl:if>
    </div>
  </xsl:template>

</xsl:stylesheet>
