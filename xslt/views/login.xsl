<?xml version="1.0" encoding="UTF-8"?>
<!--
  view="login": <login username="..." ended="idle|absolute|logout"/>,
  <directory-down/> when the directory does not answer; <password-portal
  href="..."/> when password_portal_url is set; action "login".
  login.failed / login.throttled / login.draft-saved arrive as meta/error
  and meta/notice keys and are shown by the layout.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template match="page[@view = 'login']" mode="placed">login</xsl:template>

  <xsl:template match="page[@view = 'login']/content" mode="view">
    <xsl:variable name="ended" select="string(login/@ended)"/>
    <xsl:if test="$ended = 'idle' or $ended = 'absolute' or $ended = 'logout'">
      <div class="message message-notice" role="status">
        <p>
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="concat('login.ended.', $ended)"/>
          </xsl:call-template>
        </p>
      </div>
    </xsl:if>
    <xsl:if test="directory-down">
      <div class="message message-error" role="alert">
        <p>
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'login.directory-down'"/>
          </xsl:call-template>
        </p>
      </div>
    </xsl:if>
    <div class="panel panel-narrow">
      <p class="lead">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'login.intro'"/>
        </xsl:call-template>
      </p>
      <xsl:call-template name="action">
        <xsl:with-param name="name" select="'login'"/>
      </xsl:call-template>
      <p class="small">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'login.help'"/>
        </xsl:call-template>
      </p>
      <!-- The portal is another site (password_portal_url, checked by
           check-config): only http(s) and no control characters or
           backslashes, as safe-href asks of our own links. -->
      <xsl:variable name="portal" select="string(login/password-portal/@href)"/>
      <xsl:if test="(starts-with($portal, 'https://') or starts-with($portal, 'http://'))
                    and translate($portal, $url-bad-chars, '') = $portal">
        <p class="small">
          <a href="{$portal}">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'login.password-portal'"/>
            </xsl:call-template>
          </a>
        </p>
      </xsl:if>
    </div>
  </xsl:template>

</xsl:stylesheet>
