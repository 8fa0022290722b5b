<?xml version="1.0" encoding="UTF-8"?>
<!--
  The life of a log (issue 7) on the log page: <log><lifecycle> holds what
  the user may see of it (fcgi/h_lifecycle.c, lifecycle_section):
    <level-note/>                          level 3: consider IP and a coordinator
    <consent-warning state="expired|youth-needed"/>   holder and unit leader
    <passive reason="CODE" at="...">text</passive>    why the log is closed
  Shown in "about the log"; the forms of the steps (record-consent,
  add-guardian, change-guardian, change-level, set-passive, reopen-log,
  delete-log) are for="log" actions and come under "more actions".
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template match="lifecycle" mode="log">
    <xsl:for-each select="passive[@reason]">
      <p class="passive-reason">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'lifecycle.passive.reason'"/>
          <xsl:with-param name="a1">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="concat('option.passive-reason.', @reason)"/>
            </xsl:call-template>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:if test="string(.) != ''">
          <xsl:text> – </xsl:text>
          <bdi><xsl:value-of select="."/></bdi>
        </xsl:if>
      </p>
    </xsl:for-each>
    <xsl:for-each select="consent-warning">
      <p class="warning consent-warning" role="status">
        <xsl:call-template name="warning-label"/>
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="concat('lifecycle.consent.', @state)"/>
        </xsl:call-template>
      </p>
    </xsl:for-each>
    <xsl:if test="level-note">
      <p class="notice level-note">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'lifecycle.level3'"/>
        </xsl:call-template>
      </p>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
