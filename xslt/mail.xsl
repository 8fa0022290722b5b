<?xml version="1.0" encoding="UTF-8"?>
<!--
  Stafettlogg: a notice as e-mail HTML (issue 12). xslt/mail-text.xsl makes
  the plain-text part and the SMS from the same XML:
    <page view="notice" lang="nb|nn|en">
      <meta><municipality>...</municipality></meta>
      <content><notice kind="..." href="https://..." profile="https://..."
                       unsubscribe="https://... (optional kinds)">
        <meeting date="YYYY-MM-DD" time="HH:MM" seq="N"/>  (meetings)
      </notice></content>
    </page>
  The XML never holds a child's name, identity number or plan text (C
  builds it from the outbox row alone). No images, no tracking: plain
  links only. It imports page.xsl for the catalogs and the msg template.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="page.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"/>

  <xsl:variable name="n" select="/page/content/notice"/>

  <xsl:template match="/">
    <html lang="{$lang}">
      <head>
        <meta charset="utf-8"/>
        <title><xsl:call-template name="notice-subject"/></title>
      </head>
      <body>
        <p><xsl:call-template name="notice-body"/></p>
        <xsl:apply-templates select="$n/meeting" mode="html"/>
        <p>
          <a href="{$n/@href}">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'notice.open'"/>
            </xsl:call-template>
          </a>
        </p>
        <hr/>
        <p>
          <small>
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'notice.footer'"/>
              <xsl:with-param name="a1" select="$municipality"/>
            </xsl:call-template>
            <xsl:text> </xsl:text>
            <a href="{$n/@profile}">
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="'notice.choose'"/>
              </xsl:call-template>
            </a>
            <xsl:if test="$n/@unsubscribe">
              <xsl:text> </xsl:text>
              <a href="{$n/@unsubscribe}">
                <xsl:call-template name="msg">
                  <xsl:with-param name="k" select="'notice.unsubscribe'"/>
                </xsl:call-template>
              </a>
            </xsl:if>
          </small>
        </p>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="meeting" mode="html">
    <ul>
      <li><xsl:call-template name="meeting-when"/></li>
    </ul>
  </xsl:template>

  <!-- The subject: notice.KIND.subject (notice.meeting-changed.subject
       for a meeting's SEQUENCE above 0). -->
  <xsl:template name="notice-subject">
    <xsl:call-template name="msg">
      <xsl:with-param name="k" select="concat('notice.', $n/@kind, $n/@variant, '.subject')"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="notice-body">
    <xsl:call-template name="msg">
      <xsl:with-param name="k" select="concat('notice.', $n/@kind, $n/@variant, '.body')"/>
      <xsl:with-param name="a1" select="$municipality"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="meeting-when">
    <xsl:call-template name="msg">
      <xsl:with-param name="k" select="'notice.meeting.when'"/>
      <xsl:with-param name="a1">
        <xsl:call-template name="date-text">
          <xsl:with-param name="v" select="string($n/meeting/@date)"/>
        </xsl:call-template>
        <xsl:text> </xsl:text>
        <xsl:value-of select="$n/meeting/@time"/>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
