<?xml version="1.0" encoding="UTF-8"?>
<!--
  view="concern-edit" and view="measure-new": one concern of a log and
  one form for it. Content: <log id child-name level/>, <concern id
  category-id category status registered discussed-*><description/>
  <goal/><maintaining/></concern>. Actions: edit-concern or add-measure
  (for="concern-ID"), and log (the way back).
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template match="page[@view = 'concern-edit' or @view = 'measure-new']" mode="placed">edit-concern add-measure log</xsl:template>

  <xsl:template match="page[@view = 'concern-edit' or @view = 'measure-new']/content" mode="view">
    <p class="back-link">
      <a class="action-link">
        <xsl:attribute name="href">
          <xsl:call-template name="safe-href">
            <xsl:with-param name="v" select="string(/page/actions/action[@name = 'log']/@href)"/>
          </xsl:call-template>
        </xsl:attribute>
        <xsl:value-of select="log/@child-name"/>
      </a>
    </p>
    <div class="panel">
      <xsl:if test="/page/@view = 'measure-new'">
        <dl class="details">
          <div class="details-row">
            <dt>
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="'measure-correction.concern'"/>
              </xsl:call-template>
            </dt>
            <dd><xsl:value-of select="concern/@category"/></dd>
          </div>
          <div class="details-row">
            <dt>
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="'concern.description'"/>
              </xsl:call-template>
            </dt>
            <dd class="text" dir="auto"><xsl:value-of select="concern/description"/></dd>
          </div>
          <div class="details-row">
            <dt>
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="'concern.goal'"/>
              </xsl:call-template>
            </dt>
            <dd class="text" dir="auto"><xsl:value-of select="concern/goal"/></dd>
          </div>
        </dl>
      </xsl:if>
      <xsl:for-each select="/page/actions/action[@method = 'POST' and (@name = 'edit-concern' or @name = 'add-measure')]">
        <xsl:call-template name="action">
          <xsl:with-param name="name" select="string(@name)"/>
          <xsl:with-param name="for" select="string(@for)"/>
        </xsl:call-template>
      </xsl:for-each>
    </div>
  </xsl:template>

</xsl:stylesheet>
