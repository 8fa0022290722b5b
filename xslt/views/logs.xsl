<?xml version="1.0" encoding="UTF-8"?>
<!--
  view="logs": the user's logs, <logs><log id child-name birth-date level
  status role unit-name holder-name concerns next-deadline overdue
  concerns-hidden/></logs> (concerns and next-deadline count only what the
  user may see; overdue="1": the deadline has passed; concerns-hidden="1":
  the user's role shows no concerns of this log), grouped
  by role: holder, actor, grant, leader (in that order; an unknown role
  comes last under its own role.NAME). Action new-log (a link).
  <sections status level sort size role?><section role sort page rows
  next? prev?/></sections>: one page per role (issue 10); next/prev are the
  hrefs of the neighbouring pages. Action filter-logs (a GET form: status,
  level, sort) and all-logs.
  On phones each table row becomes a card (style.css, "table.stack").
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template match="page[@view = 'logs']" mode="placed">new-log filter-logs all-logs</xsl:template>

  <xsl:template match="page[@view = 'logs']/content" mode="view">
    <xsl:apply-templates select="inbox"/>
    <xsl:if test="/page/actions/action[@name = 'new-log']">
      <p class="lead-action">
        <xsl:call-template name="action">
          <xsl:with-param name="name" select="'new-log'"/>
          <xsl:with-param name="class" select="'button'"/>
          <xsl:with-param name="button-class" select="'button'"/>
        </xsl:call-template>
      </p>
    </xsl:if>
    <xsl:if test="/page/actions/action[@name = 'filter-logs']">
      <div class="logs-filter">
        <xsl:call-template name="action">
          <xsl:with-param name="name" select="'filter-logs'"/>
        </xsl:call-template>
        <xsl:call-template name="action">
          <xsl:with-param name="name" select="'all-logs'"/>
        </xsl:call-template>
      </div>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="logs/log">
        <xsl:call-template name="logs-group">
          <xsl:with-param name="role" select="'holder'"/>
        </xsl:call-template>
        <xsl:call-template name="logs-group">
          <xsl:with-param name="role" select="'actor'"/>
        </xsl:call-template>
        <xsl:call-template name="logs-group">
          <xsl:with-param name="role" select="'grant'"/>
        </xsl:call-template>
        <xsl:call-template name="logs-group">
          <xsl:with-param name="role" select="'leader'"/>
        </xsl:call-template>
        <xsl:for-each select="logs/log[not(@role = 'holder' or @role = 'actor' or @role = 'grant' or @role = 'leader')]">
          <xsl:if test="not(preceding-sibling::log[@role = current()/@role])">
            <xsl:call-template name="logs-group">
              <xsl:with-param name="role" select="string(@role)"/>
            </xsl:call-template>
          </xsl:if>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <div class="panel">
          <p class="empty">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'logs.none'"/>
            </xsl:call-template>
          </p>
        </div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="logs-group">
    <xsl:param name="role"/>
    <xsl:variable name="logs" select="/page/content/logs/log[string(@role) = $role]"/>
    <xsl:variable name="n" select="count(/page/content/logs/log[string(@role) = $role][1]/preceding-sibling::log) + 1"/>
    <xsl:if test="$logs">
      <section class="panel logs-group logs-{$role}" aria-labelledby="h-logs-{$n}">
        <h2 id="h-logs-{$n}">
          <xsl:call-template name="msg-or">
            <xsl:with-param name="k" select="concat('logs.group.', $role)"/>
            <xsl:with-param name="fallback" select="concat('role.', $role)"/>
          </xsl:call-template>
          <xsl:text> </xsl:text>
          <span class="count">
            <xsl:text>(</xsl:text>
            <xsl:value-of select="count($logs)"/>
            <xsl:text>)</xsl:text>
          </span>
        </h2>
        <table class="table logs-table stack" aria-labelledby="h-logs-{$n}">
          <thead>
            <tr>
              <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'logs.child'"/></xsl:call-template></th>
              <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'log.born'"/></xsl:call-template></th>
              <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'log.level'"/></xsl:call-template></th>
              <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'log.unit'"/></xsl:call-template></th>
              <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'log.holder'"/></xsl:call-template></th>
              <th scope="col" class="num"><xsl:call-template name="msg"><xsl:with-param name="k" select="'logs.concerns'"/></xsl:call-template></th>
              <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'logs.next-deadline'"/></xsl:call-template></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$logs">
              <tr>
                <xsl:if test="@status = 'passive'">
                  <xsl:attribute name="class">log-passive</xsl:attribute>
                </xsl:if>
                <th scope="row">
                  <a>
                    <xsl:attribute name="href">
                      <xsl:call-template name="safe-href">
                        <xsl:with-param name="v" select="concat('/logs/', @id)"/>
                      </xsl:call-template>
                    </xsl:attribute>
                    <bdi><xsl:value-of select="@child-name"/></bdi>
                  </a>
                  <xsl:if test="@status = 'passive'">
                    <xsl:text> </xsl:text>
                    <span class="tag tag-small">
                      <xsl:call-template name="msg">
                        <xsl:with-param name="k" select="'status.log.passive'"/>
                      </xsl:call-template>
                    </span>
                  </xsl:if>
                </th>
                <td>
                  <xsl:call-template name="cell-label">
                    <xsl:with-param name="k" select="'log.born'"/>
                  </xsl:call-template>
                  <xsl:call-template name="datetime">
                    <xsl:with-param name="v" select="string(@birth-date)"/>
                  </xsl:call-template>
                </td>
                <td>
                  <xsl:call-template name="cell-label">
                    <xsl:with-param name="k" select="'log.level'"/>
                  </xsl:call-template>
                  <xsl:if test="string(@level) != ''">
                    <xsl:call-template name="msg">
                      <xsl:with-param name="k" select="'log.level.short'"/>
                      <xsl:with-param name="a1" select="string(@level)"/>
                    </xsl:call-template>
                  </xsl:if>
                </td>
                <td>
                  <xsl:call-template name="cell-label">
                    <xsl:with-param name="k" select="'log.unit'"/>
                  </xsl:call-template>
                  <bdi><xsl:value-of select="@unit-name"/></bdi>
                </td>
                <td>
                  <xsl:call-template name="cell-label">
                    <xsl:with-param name="k" select="'log.holder'"/>
                  </xsl:call-template>
                  <bdi><xsl:value-of select="@holder-name"/></bdi>
                </td>
                <td class="num">
                  <xsl:call-template name="cell-label">
                    <xsl:with-param name="k" select="'logs.concerns'"/>
                  </xsl:call-template>
                  <xsl:choose>
                    <xsl:when test="@concerns-hidden = '1'">
                      <span class="muted">
                        <xsl:call-template name="msg">
                          <xsl:with-param name="k" select="'logs.concerns-hidden'"/>
                        </xsl:call-template>
                      </span>
                    </xsl:when>
                    <xsl:otherwise>
                      <xsl:value-of select="@concerns"/>
                    </xsl:otherwise>
                  </xsl:choose>
                </td>
                <td>
                  <xsl:call-template name="cell-label">
                    <xsl:with-param name="k" select="'logs.next-deadline'"/>
                  </xsl:call-template>
                  <xsl:choose>
                    <xsl:when test="string(@next-deadline) != ''">
                      <xsl:call-template name="datetime">
                        <xsl:with-param name="v" select="string(@next-deadline)"/>
                      </xsl:call-template>
                      <!-- overdue is decided in C against today's date -->
                      <xsl:if test="@overdue = '1'">
                        <xsl:text> </xsl:text>
                        <strong class="overdue">
                          <span class="warning-icon" aria-hidden="true">!</span>
                          <xsl:call-template name="msg">
                            <xsl:with-param name="k" select="'measure.overdue'"/>
                          </xsl:call-template>
                        </strong>
                      </xsl:if>
                    </xsl:when>
                    <xsl:when test="@concerns-hidden = '1'">
                      <span class="muted">–</span>
                    </xsl:when>
                    <xsl:otherwise>
                      <span class="muted">
                        <xsl:call-template name="msg">
                          <xsl:with-param name="k" select="'logs.no-deadline'"/>
                        </xsl:call-template>
                      </span>
                    </xsl:otherwise>
                  </xsl:choose>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
        <xsl:for-each select="/page/content/sections/section[@role = $role][@next or @prev]">
          <p class="paging">
            <xsl:if test="@prev">
              <a rel="prev">
                <xsl:attribute name="href">
                  <xsl:call-template name="safe-href">
                    <xsl:with-param name="v" select="string(@prev)"/>
                  </xsl:call-template>
                </xsl:attribute>
                <xsl:call-template name="msg">
                  <xsl:with-param name="k" select="'logs.prev-page'"/>
                </xsl:call-template>
              </a>
              <xsl:text> </xsl:text>
            </xsl:if>
            <span class="muted">
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="'logs.page'"/>
                <xsl:with-param name="a1" select="string(@page)"/>
              </xsl:call-template>
            </span>
            <xsl:if test="@next">
              <xsl:text> </xsl:text>
              <a rel="next">
                <xsl:attribute name="href">
                  <xsl:call-template name="safe-href">
                    <xsl:with-param name="v" select="string(@next)"/>
                  </xsl:call-template>
                </xsl:attribute>
                <xsl:call-template name="msg">
                  <xsl:with-param name="k" select="'logs.next-page'"/>
                </xsl:call-template>
              </a>
            </xsl:if>
          </p>
        </xsl:for-each>
      </section>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
