<?xml version="1.0" encoding="UTF-8"?>
<!--
  view="directory": <syncs waiting><sync id requested-by requested-at
  started-at finished-at outcome users units disabled gone message/></syncs>
  (the last ten runs of ldap-sync, newest first) and, when no request
  waits, the action request-sync. The municipal admin's directory sync.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template match="page[@view = 'directory']" mode="placed">request-sync</xsl:template>

  <xsl:template match="page[@view = 'directory']/content" mode="view">
    <p class="lead">
      <xsl:call-template name="msg">
        <xsl:with-param name="k" select="'directory.intro'"/>
      </xsl:call-template>
    </p>
    <xsl:choose>
      <xsl:when test="syncs/@waiting = '1'">
        <p>
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'directory.waiting'"/>
          </xsl:call-template>
        </p>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="action">
          <xsl:with-param name="name" select="'request-sync'"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
    <table class="table syncs stack" aria-labelledby="h-syncs">
      <caption id="h-syncs">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'directory.runs'"/>
        </xsl:call-template>
      </caption>
      <thead>
        <tr>
          <th scope="col">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'directory.when'"/>
            </xsl:call-template>
          </th>
          <th scope="col">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'directory.outcome'"/>
            </xsl:call-template>
          </th>
          <th scope="col" class="num">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'directory.users'"/>
            </xsl:call-template>
          </th>
          <th scope="col" class="num">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'directory.disabled'"/>
            </xsl:call-template>
          </th>
          <th scope="col" class="num">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'directory.gone'"/>
            </xsl:call-template>
          </th>
          <th scope="col">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'directory.message'"/>
            </xsl:call-template>
          </th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="syncs/sync">
          <tr id="sync-{@id}">
            <td>
              <xsl:value-of select="@requested-at"/>
              <xsl:if test="@requested-by">
                <xsl:text> (</xsl:text>
                <xsl:value-of select="@requested-by"/>
                <xsl:text>)</xsl:text>
              </xsl:if>
            </td>
            <td>
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="concat('directory.outcome.', @outcome)"/>
              </xsl:call-template>
            </td>
            <td class="num"><xsl:value-of select="@users"/></td>
            <td class="num"><xsl:value-of select="@disabled"/></td>
            <td class="num"><xsl:value-of select="@gone"/></td>
            <td><xsl:value-of select="@message"/></td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

</xsl:stylesheet>
