<?xml version="1.0" encoding="UTF-8"?>
<!--
  view="meeting-leave": <log id child-name/>; action leave-meeting with the
  field password. The page is still in meeting mode (page.xsl: no links to
  other pages in the header), so the only ways on are this form and the
  way back to the same log.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template match="page[@view = 'meeting-leave']" mode="placed">leave-meeting</xsl:template>

  <xsl:template match="page[@view = 'meeting-leave']/content" mode="view">
    <div class="panel panel-narrow">
      <p class="lead">
        <xsl:choose>
          <xsl:when test="string(log/@child-name) != ''">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'meeting-leave.intro'"/>
              <xsl:with-param name="a1">
                <strong><xsl:value-of select="log/@child-name"/></strong>
              </xsl:with-param>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'meeting-leave.intro.no-name'"/>
            </xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </p>
      <p>
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'meeting-leave.why'"/>
        </xsl:call-template>
      </p>
      <xsl:call-template name="action">
        <xsl:with-param name="name" select="'leave-meeting'"/>
      </xsl:call-template>
      <xsl:if test="string(log/@id) != ''">
        <p class="back-link">
          <a>
            <xsl:attribute name="href">
              <xsl:call-template name="safe-href">
                <xsl:with-param name="v" select="concat('/logs/', log/@id)"/>
              </xsl:call-template>
            </xsl:attribute>
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'meeting-leave.back'"/>
            </xsl:call-template>
          </a>
        </p>
      </xsl:if>
    </div>
  </xsl:template>

</xsl:stylesheet>
