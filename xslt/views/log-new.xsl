<?xml version="1.0" encoding="UTF-8"?>
<!--
  view="log-new": the form that creates a stafettlogg. <units><unit id
  name/></units> (where the user may hold logs), <consent-age>16</consent-age>;
  action create-log. Its fields are grouped in fieldsets: the child, the
  guardians, the consent, service and level; a field this file does not
  know comes after them, so nothing the C side asks for is lost.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:variable name="log-new-groups"
    select="' nin child-name address guardian1-name guardian1-nin guardian1-email guardian1-phone guardian2-name guardian2-nin guardian2-email guardian2-phone consent-by consent-by-name consent-date consent-scope consent-expires consent-file unit level '"/>

  <xsl:template match="page[@view = 'log-new']" mode="placed">create-log</xsl:template>

  <xsl:template match="page[@view = 'log-new']/content" mode="view">
    <div class="panel form-panel">
      <p class="lead">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'log-new.intro'"/>
        </xsl:call-template>
      </p>
      <xsl:call-template name="action">
        <xsl:with-param name="name" select="'create-log'"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <xsl:template match="action[@name = 'create-log']" mode="form-body">
    <xsl:param name="prefix"/>
    <xsl:variable name="age" select="normalize-space(/page/content/consent-age)"/>

    <fieldset class="form-group" id="{$prefix}-child">
      <legend>
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'log-new.child'"/>
        </xsl:call-template>
      </legend>
      <xsl:apply-templates select="field[@name = 'nin' or @name = 'child-name' or @name = 'address']" mode="field">
        <xsl:with-param name="prefix" select="$prefix"/>
      </xsl:apply-templates>
    </fieldset>

    <fieldset class="form-group" id="{$prefix}-guardians">
      <legend>
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'log-new.guardians'"/>
        </xsl:call-template>
      </legend>
      <p class="group-help">
        <xsl:call-template name="consent-age-msg">
          <xsl:with-param name="k" select="'log-new.guardians.help'"/>
          <xsl:with-param name="age" select="$age"/>
        </xsl:call-template>
      </p>
      <xsl:if test="field[starts-with(@name, 'guardian1-')]">
        <div class="field-block">
          <p class="field-block-title">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'log-new.guardian1'"/>
            </xsl:call-template>
          </p>
          <xsl:apply-templates select="field[starts-with(@name, 'guardian1-')]" mode="field">
            <xsl:with-param name="prefix" select="$prefix"/>
          </xsl:apply-templates>
        </div>
      </xsl:if>
      <xsl:if test="field[starts-with(@name, 'guardian2-')]">
        <div class="field-block">
          <p class="field-block-title">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'log-new.guardian2'"/>
            </xsl:call-template>
          </p>
          <xsl:apply-templates select="field[starts-with(@name, 'guardian2-')]" mode="field">
            <xsl:with-param name="prefix" select="$prefix"/>
          </xsl:apply-templates>
        </div>
      </xsl:if>
    </fieldset>

    <fieldset class="form-group" id="{$prefix}-consent">
      <legend>
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'log-new.consent'"/>
        </xsl:call-template>
      </legend>
      <p class="group-help">
        <xsl:call-template name="consent-age-msg">
          <xsl:with-param name="k" select="'log-new.consent.help'"/>
          <xsl:with-param name="age" select="$age"/>
        </xsl:call-template>
      </p>
      <xsl:apply-templates select="field[starts-with(@name, 'consent-')]" mode="field">
        <xsl:with-param name="prefix" select="$prefix"/>
      </xsl:apply-templates>
    </fieldset>

    <fieldset class="form-group" id="{$prefix}-service">
      <legend>
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'log-new.service'"/>
        </xsl:call-template>
      </legend>
      <xsl:apply-templates select="field[@name = 'unit' or @name = 'level']" mode="field">
        <xsl:with-param name="prefix" select="$prefix"/>
      </xsl:apply-templates>
    </fieldset>

    <!-- The rest: exactly what no fieldset above took (each field once). -->
    <xsl:apply-templates select="field[not(contains($log-new-groups, concat(' ', @name, ' '))
                                           or starts-with(@name, 'guardian1-')
                                           or starts-with(@name, 'guardian2-')
                                           or starts-with(@name, 'consent-'))]" mode="field">
      <xsl:with-param name="prefix" select="$prefix"/>
    </xsl:apply-templates>
  </xsl:template>

  <!-- $k with the consent age ("16") filled in; $k.no-age when the view
       model does not give it. -->
  <xsl:template name="consent-age-msg">
    <xsl:param name="k"/>
    <xsl:param name="age"/>
    <xsl:choose>
      <xsl:when test="$age != ''">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="$k"/>
          <xsl:with-param name="a1" select="$age"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="concat($k, '.no-age')"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Unit options without @label are named from content/units. -->
  <xsl:template match="action[@name = 'create-log']/field[@name = 'unit']/option" mode="option-data">
    <xsl:value-of select="/page/content/units/unit[@id = current()/@value]/@name"/>
  </xsl:template>

</xsl:stylesheet>
