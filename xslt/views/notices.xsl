<?xml version="1.0" encoding="UTF-8"?>
<!--
  Notices (issue 12):
    <inbox><notice kind at href?/></inbox>   on the start page (staff) and
                                             on "my logs" (families): the
                                             app's own inbox
    view="notices-admin": <notice-counts><count state channel n/></notice-counts>,
      <notice-problems><notice id kind channel state attempts created next
      error to/></notice-problems>: what failed and why (no child's data)
    view="unsubscribe": <unsubscribe kind channel done?/>, action "unsubscribe"
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template match="inbox">
    <section class="panel inbox" aria-labelledby="h-inbox">
      <h2 id="h-inbox">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'inbox.title'"/>
        </xsl:call-template>
      </h2>
      <xsl:choose>
        <xsl:when test="notice">
          <ul class="link-list">
            <xsl:for-each select="notice">
              <li>
                <xsl:variable name="t">
                  <xsl:call-template name="msg">
                    <xsl:with-param name="k" select="concat('notice.', @kind, '.subject')"/>
                  </xsl:call-template>
                </xsl:variable>
                <xsl:choose>
                  <xsl:when test="@href">
                    <a>
                      <xsl:attribute name="href">
                        <xsl:call-template name="safe-href">
                          <xsl:with-param name="v" select="string(@href)"/>
                        </xsl:call-template>
                      </xsl:attribute>
                      <xsl:value-of select="$t"/>
                    </a>
                  </xsl:when>
                  <xsl:otherwise><xsl:value-of select="$t"/></xsl:otherwise>
                </xsl:choose>
                <xsl:text> </xsl:text>
                <span class="muted">
                  <xsl:call-template name="datetime">
                    <xsl:with-param name="v" select="string(@at)"/>
                  </xsl:call-template>
                </span>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'inbox.none'"/>
            </xsl:call-template>
          </p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- The kinds on the profile's e-mail and SMS choices. -->
  <xsl:template match="field[@name = 'notice-email' or @name = 'notice-sms']/option" mode="option-data">
    <xsl:call-template name="msg">
      <xsl:with-param name="k" select="concat('notice.', @value, '.name')"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="page[@view = 'notices-admin']/content" mode="view">
    <p class="small">
      <xsl:call-template name="msg">
        <xsl:with-param name="k" select="'notices-admin.help'"/>
      </xsl:call-template>
    </p>
    <section class="panel" aria-labelledby="h-counts">
      <h2 id="h-counts">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'notices-admin.counts'"/>
        </xsl:call-template>
      </h2>
      <table class="table">
        <thead>
          <tr>
            <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'notices-admin.col.state'"/></xsl:call-template></th>
            <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'notices-admin.col.channel'"/></xsl:call-template></th>
            <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'notices-admin.col.n'"/></xsl:call-template></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="notice-counts/count">
            <tr>
              <td><xsl:call-template name="msg"><xsl:with-param name="k" select="concat('notice-state.', @state)"/></xsl:call-template></td>
              <td><xsl:call-template name="msg"><xsl:with-param name="k" select="concat('channel.', @channel)"/></xsl:call-template></td>
              <td><xsl:value-of select="@n"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </section>
    <section class="panel" aria-labelledby="h-problems">
      <h2 id="h-problems">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'notices-admin.problems'"/>
        </xsl:call-template>
      </h2>
      <xsl:choose>
        <xsl:when test="notice-problems/notice">
          <table class="table notice-problems">
            <thead>
              <tr>
                <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'notices-admin.col.kind'"/></xsl:call-template></th>
                <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'notices-admin.col.channel'"/></xsl:call-template></th>
                <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'notices-admin.col.to'"/></xsl:call-template></th>
                <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'notices-admin.col.state'"/></xsl:call-template></th>
                <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'notices-admin.col.attempts'"/></xsl:call-template></th>
                <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'notices-admin.col.next'"/></xsl:call-template></th>
                <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'notices-admin.col.error'"/></xsl:call-template></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="notice-problems/notice">
                <tr id="notice-{@id}">
                  <td><xsl:call-template name="msg"><xsl:with-param name="k" select="concat('notice.', @kind, '.name')"/></xsl:call-template></td>
                  <td><xsl:call-template name="msg"><xsl:with-param name="k" select="concat('channel.', @channel)"/></xsl:call-template></td>
                  <td>
                    <xsl:choose>
                      <xsl:when test="@to = 'family'"><xsl:call-template name="msg"><xsl:with-param name="k" select="'notices-admin.family'"/></xsl:call-template></xsl:when>
                      <xsl:otherwise><xsl:value-of select="@to"/></xsl:otherwise>
                    </xsl:choose>
                  </td>
                  <td><xsl:call-template name="msg"><xsl:with-param name="k" select="concat('notice-state.', @state)"/></xsl:call-template></td>
                  <td><xsl:value-of select="@attempts"/></td>
                  <td>
                    <xsl:if test="@next">
                      <xsl:call-template name="datetime">
                        <xsl:with-param name="v" select="string(@next)"/>
                      </xsl:call-template>
                    </xsl:if>
                  </td>
                  <td class="error-reason"><xsl:value-of select="@error"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'notices-admin.none'"/>
            </xsl:call-template>
          </p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template match="page[@view = 'unsubscribe']" mode="placed">unsubscribe</xsl:template>

  <xsl:template match="page[@view = 'unsubscribe']/content" mode="view">
    <section class="panel" aria-labelledby="h-unsub">
      <h2 id="h-unsub">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="concat('notice.', unsubscribe/@kind, '.name')"/>
        </xsl:call-template>
      </h2>
      <xsl:choose>
        <xsl:when test="unsubscribe/@done = '1'">
          <p>
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'unsubscribe.done'"/>
            </xsl:call-template>
          </p>
        </xsl:when>
        <xsl:otherwise>
          <p>
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'unsubscribe.ask'"/>
              <xsl:with-param name="a1">
                <xsl:call-template name="msg">
                  <xsl:with-param name="k" select="concat('channel.', unsubscribe/@channel)"/>
                </xsl:call-template>
              </xsl:with-param>
            </xsl:call-template>
          </p>
          <xsl:call-template name="action">
            <xsl:with-param name="name" select="'unsubscribe'"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

</xsl:stylesheet>
