<?xml version="1.0" encoding="UTF-8"?>
<!--
  view="measure-correction": <log id child-name/> and <measure id kind
  actor-kind actor-name start evaluate-by concern-id category><text/>;
  action correct-measure (the "wrongly registered" correction: a new
  actor, a new text or a later deadline) and a link back to the log.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template match="page[@view = 'measure-correction']" mode="placed">correct-measure log</xsl:template>

  <xsl:template match="page[@view = 'measure-correction']/content" mode="view">
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
      <p class="lead">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'measure-correction.intro'"/>
        </xsl:call-template>
      </p>
      <dl class="details">
        <div class="details-row">
          <dt>
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'measure-correction.concern'"/>
            </xsl:call-template>
          </dt>
          <dd><xsl:value-of select="measure/@category"/></dd>
        </div>
        <div class="details-row">
          <dt>
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'measure-correction.measure'"/>
            </xsl:call-template>
          </dt>
          <dd class="text" dir="auto"><xsl:value-of select="measure/text"/></dd>
        </div>
        <div class="details-row">
          <dt>
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'measure-correction.actor'"/>
            </xsl:call-template>
          </dt>
          <dd>
            <xsl:choose>
              <xsl:when test="string(measure/@actor-name) != ''">
                <xsl:value-of select="measure/@actor-name"/>
              </xsl:when>
              <!-- a home measure held by all the guardians together -->
              <xsl:when test="measure/@actor-kind = 'guardian'">
                <xsl:call-template name="msg">
                  <xsl:with-param name="k" select="'actor.guardians'"/>
                </xsl:call-template>
              </xsl:when>
            </xsl:choose>
          </dd>
        </div>
        <div class="details-row">
          <dt>
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'measure-correction.evaluate-by'"/>
            </xsl:call-template>
          </dt>
          <dd>
            <xsl:call-template name="datetime">
              <xsl:with-param name="v" select="string(measure/@evaluate-by)"/>
            </xsl:call-template>
          </dd>
        </div>
      </dl>
      <xsl:call-template name="action">
        <xsl:with-param name="name" select="'correct-measure'"/>
      </xsl:call-template>
    </div>
  </xsl:template>

</xsl:stylesheet>
