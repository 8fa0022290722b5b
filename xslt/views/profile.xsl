<?xml version="1.0" encoding="UTF-8"?>
<!--
  view="profile": <person uid name mail phone lang family?/>; action
  "save-profile" (phone, e-mail for families, language, and the notices by
  e-mail and SMS, issue 12). Staff: name, user id and e-mail come from the
  directory and are read-only here. family="1": a guardian or youth.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template match="page[@view = 'profile']" mode="placed">save-profile</xsl:template>

  <xsl:template match="page[@view = 'profile']/content" mode="view">
    <section class="panel" aria-labelledby="h-person">
      <h2 id="h-person">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'profile.person'"/>
        </xsl:call-template>
      </h2>
      <dl class="details">
        <xsl:call-template name="profile-row">
          <xsl:with-param name="k" select="'person.name'"/>
          <xsl:with-param name="v" select="person/@name"/>
        </xsl:call-template>
        <xsl:if test="not(person/@family)">
        <xsl:call-template name="profile-row">
          <xsl:with-param name="k" select="'person.uid'"/>
          <xsl:with-param name="v" select="person/@uid"/>
        </xsl:call-template>
        <xsl:call-template name="profile-row">
          <xsl:with-param name="k" select="'person.mail'"/>
          <xsl:with-param name="v" select="person/@mail"/>
        </xsl:call-template>
        </xsl:if>
      </dl>
      <xsl:if test="not(person/@family)">
        <p class="small">
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'profile.from-directory'"/>
          </xsl:call-template>
        </p>
      </xsl:if>
    </section>

    <xsl:if test="/page/actions/action[@name = 'save-profile']">
      <section class="panel" aria-labelledby="h-settings">
        <h2 id="h-settings">
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'profile.settings'"/>
          </xsl:call-template>
        </h2>
        <xsl:call-template name="action">
          <xsl:with-param name="name" select="'save-profile'"/>
        </xsl:call-template>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template name="profile-row">
    <xsl:param name="k"/>
    <xsl:param name="v"/>
    <div class="details-row">
      <dt>
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="$k"/>
        </xsl:call-template>
      </dt>
      <dd>
        <xsl:choose>
          <xsl:when test="string($v) != ''">
            <xsl:value-of select="$v"/>
          </xsl:when>
          <xsl:otherwise>
            <span class="muted">
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="'profile.none'"/>
              </xsl:call-template>
            </span>
          </xsl:otherwise>
        </xsl:choose>
      </dd>
    </div>
  </xsl:template>

</xsl:stylesheet>
