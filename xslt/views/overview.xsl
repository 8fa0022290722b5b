<?xml version="1.0" encoding="UTF-8"?>
<!--
  view="unit-overview" (the unit leader's overview of one unit) and
  view="municipality-overview" (the municipal admin's, every unit): the
  <report> of schema/report.xsd inside content, plus actions
  download-report (a GET form: period and format), unit-staff and
  unit-logs.  Without a unit the leader's view holds
  <units><unit id name href/></units> to choose from.  Counts are shown as
  they are in the XML ("<5" included): they were decided in C.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template match="page[@view = 'unit-overview' or @view = 'municipality-overview']" mode="placed">download-report unit-logs</xsl:template>

  <xsl:template match="page[@view = 'unit-overview']" mode="heading">
    <h1>
      <xsl:call-template name="msg">
        <xsl:with-param name="k" select="'title.unit-overview'"/>
      </xsl:call-template>
      <xsl:if test="content/report/unit/@name">
        <xsl:text>: </xsl:text>
        <xsl:value-of select="content/report/unit/@name"/>
      </xsl:if>
    </h1>
  </xsl:template>

  <xsl:template match="page[@view = 'unit-overview' or @view = 'municipality-overview']/content" mode="view">
    <xsl:if test="units">
      <section class="panel">
        <p>
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'overview.choose'"/>
          </xsl:call-template>
        </p>
        <ul class="link-list">
          <xsl:for-each select="units/unit">
            <li>
              <a>
                <xsl:attribute name="href">
                  <xsl:call-template name="safe-href">
                    <xsl:with-param name="v" select="string(@href)"/>
                  </xsl:call-template>
                </xsl:attribute>
                <bdi><xsl:value-of select="@name"/></bdi>
              </a>
            </li>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:if>
    <xsl:for-each select="report">
      <p class="lead">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="concat('overview.', substring('admin-', 1, 6 * (@kind = 'municipality')), 'intro')"/>
          <xsl:with-param name="a1">
            <xsl:call-template name="datetime">
              <xsl:with-param name="v" select="string(@today)"/>
            </xsl:call-template>
          </xsl:with-param>
        </xsl:call-template>
      </p>
      <section class="panel" aria-labelledby="h-report-form">
        <h2 id="h-report-form">
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'action.download-report'"/>
          </xsl:call-template>
        </h2>
        <xsl:call-template name="action">
          <xsl:with-param name="name" select="'download-report'"/>
        </xsl:call-template>
      </section>
      <xsl:choose>
        <xsl:when test="@kind = 'municipality'">
          <xsl:apply-templates select="total | unit" mode="overview-summary"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="unit" mode="overview"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- The leader's unit: every figure, holders named. -->
  <xsl:template match="unit" mode="overview">
    <section class="panel" aria-labelledby="h-ov-logs">
      <h2 id="h-ov-logs"><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.logs'"/></xsl:call-template></h2>
      <xsl:apply-templates select="logs" mode="overview"/>
    </section>
    <section class="panel" aria-labelledby="h-ov-deadlines">
      <h2 id="h-ov-deadlines"><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.deadlines'"/></xsl:call-template></h2>
      <table class="table">
        <thead>
          <tr>
            <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.holder'"/></xsl:call-template></th>
            <th scope="col" class="num"><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.overdue'"/></xsl:call-template></th>
            <th scope="col" class="num"><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.due-14'"/></xsl:call-template></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="deadlines/holder">
            <tr>
              <th scope="row"><xsl:call-template name="holder-link"/></th>
              <td class="num"><xsl:value-of select="@overdue"/></td>
              <td class="num"><xsl:value-of select="@due-14"/></td>
            </tr>
          </xsl:for-each>
          <tr class="sum">
            <th scope="row"><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.sum'"/></xsl:call-template></th>
            <td class="num"><xsl:value-of select="deadlines/@overdue"/></td>
            <td class="num"><xsl:value-of select="deadlines/@due-14"/></td>
          </tr>
        </tbody>
      </table>
      <xsl:call-template name="action">
        <xsl:with-param name="name" select="'unit-logs'"/>
      </xsl:call-template>
    </section>
    <section class="panel" aria-labelledby="h-ov-consents">
      <h2 id="h-ov-consents"><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.consents'"/></xsl:call-template></h2>
      <xsl:apply-templates select="consents" mode="overview"/>
    </section>
    <section class="panel" aria-labelledby="h-ov-left">
      <h2 id="h-ov-left"><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.holder-left'"/></xsl:call-template>
        <xsl:text> </xsl:text><span class="count">(<xsl:value-of select="holder-left/@logs"/>)</span></h2>
      <p class="help"><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.holder-left.help'"/></xsl:call-template></p>
      <xsl:if test="holder-left/holder">
        <ul class="item-list">
          <xsl:for-each select="holder-left/holder">
            <li>
              <span class="item-name" dir="auto"><xsl:value-of select="@name"/></span>
              <xsl:text> – </xsl:text>
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="'overview.logs-count'"/>
                <xsl:with-param name="a1" select="string(@logs)"/>
              </xsl:call-template>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>
      <xsl:if test="/page/content/needs-holder/log">
        <h3 id="h-ov-needs-holder"><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.needs-holder'"/></xsl:call-template></h3>
        <ul class="item-list">
          <xsl:for-each select="/page/content/needs-holder/log">
            <li>
              <a>
                <xsl:attribute name="href">
                  <xsl:call-template name="safe-href">
                    <xsl:with-param name="v" select="string(@href)"/>
                  </xsl:call-template>
                </xsl:attribute>
                <xsl:call-template name="msg">
                  <xsl:with-param name="k" select="'overview.log-n'"/>
                  <xsl:with-param name="a1" select="string(@id)"/>
                </xsl:call-template>
              </a>
              <xsl:text> – </xsl:text>
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="concat('start.todo.holder', substring('-gone', 1, 5 * (@gone = '1')), '-left')"/>
                <xsl:with-param name="a1"><bdi><xsl:value-of select="@holder-name"/></bdi></xsl:with-param>
              </xsl:call-template>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>
    </section>
    <section class="panel" aria-labelledby="h-ov-transfers">
      <h2 id="h-ov-transfers"><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.transfers'"/></xsl:call-template>
        <xsl:text> </xsl:text><span class="count">(<xsl:value-of select="count(/page/content/transfers/transfer)"/>)</span></h2>
      <xsl:if test="/page/content/transfers/transfer">
        <ul class="item-list">
          <xsl:for-each select="/page/content/transfers/transfer">
            <li>
              <a>
                <xsl:attribute name="href">
                  <xsl:call-template name="safe-href">
                    <xsl:with-param name="v" select="string(@href)"/>
                  </xsl:call-template>
                </xsl:attribute>
                <xsl:call-template name="msg">
                  <xsl:with-param name="k" select="'overview.log-n'"/>
                  <xsl:with-param name="a1" select="string(@log)"/>
                </xsl:call-template>
              </a>
              <xsl:text>: </xsl:text>
              <bdi><xsl:value-of select="@from-name"/></bdi>
              <xsl:text> (</xsl:text><bdi><xsl:value-of select="@from-unit-name"/></bdi><xsl:text>) → </xsl:text>
              <xsl:if test="string(@to-name) != ''">
                <bdi><xsl:value-of select="@to-name"/></bdi>
                <xsl:text>, </xsl:text>
              </xsl:if>
              <bdi><xsl:value-of select="@to-unit-name"/></bdi>
              <xsl:text> </xsl:text>
              <xsl:call-template name="datetime">
                <xsl:with-param name="v" select="string(@offered)"/>
                <xsl:with-param name="part" select="'date'"/>
              </xsl:call-template>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>
    </section>
    <section class="panel" aria-labelledby="h-ov-categories">
      <h2 id="h-ov-categories"><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.categories'"/></xsl:call-template></h2>
      <xsl:apply-templates select="categories" mode="overview"/>
    </section>
    <section class="panel" aria-labelledby="h-ov-months">
      <xsl:apply-templates select="months" mode="overview"/>
    </section>
  </xsl:template>

  <!-- A holder: a link to the unit's staff page, where she is listed. -->
  <xsl:template name="holder-link">
    <xsl:variable name="staff" select="/page/actions/action[@name = 'unit-staff']/@href"/>
    <xsl:choose>
      <xsl:when test="$staff">
        <a>
          <xsl:attribute name="href">
            <xsl:call-template name="safe-href">
              <xsl:with-param name="v" select="concat($staff, '#person-', @uid)"/>
            </xsl:call-template>
          </xsl:attribute>
          <bdi><xsl:value-of select="@name"/></bdi>
        </a>
      </xsl:when>
      <xsl:otherwise><bdi><xsl:value-of select="@name"/></bdi></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="logs" mode="overview">
    <table class="table">
      <thead>
        <tr>
          <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'field.level'"/></xsl:call-template></th>
          <th scope="col" class="num"><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.active'"/></xsl:call-template></th>
          <th scope="col" class="num"><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.passive'"/></xsl:call-template></th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="level">
          <tr>
            <th scope="row"><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.level'"/><xsl:with-param name="a1" select="string(@value)"/></xsl:call-template></th>
            <td class="num"><xsl:value-of select="@active"/></td>
            <td class="num"><xsl:value-of select="@passive"/></td>
          </tr>
        </xsl:for-each>
        <tr class="sum">
          <th scope="row"><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.all-levels'"/></xsl:call-template></th>
          <td class="num"><xsl:value-of select="@active"/></td>
          <td class="num"><xsl:value-of select="@passive"/></td>
        </tr>
      </tbody>
    </table>
  </xsl:template>

  <xsl:template match="consents" mode="overview">
    <dl class="facts">
      <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.expired'"/></xsl:call-template></dt>
      <dd><xsl:value-of select="@expired"/></dd>
      <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.expiring-30'"/></xsl:call-template></dt>
      <dd><xsl:value-of select="@expiring-30"/></dd>
    </dl>
  </xsl:template>

  <xsl:template match="categories" mode="overview">
    <table class="table">
      <thead>
        <tr>
          <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.category'"/></xsl:call-template></th>
          <th scope="col" class="num"><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.in-use'"/></xsl:call-template></th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="category">
          <tr>
            <th scope="row" dir="auto"><xsl:value-of select="@name"/></th>
            <td class="num"><xsl:value-of select="@in-use"/></td>
          </tr>
        </xsl:for-each>
        <tr class="sum">
          <th scope="row"><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.sum'"/></xsl:call-template></th>
          <td class="num"><xsl:value-of select="@in-use"/></td>
        </tr>
      </tbody>
    </table>
  </xsl:template>

  <xsl:template match="months" mode="overview">
    <xsl:variable name="from">
      <xsl:call-template name="date-text"><xsl:with-param name="v" select="string(../../@from)"/></xsl:call-template>
    </xsl:variable>
    <xsl:variable name="to">
      <xsl:call-template name="date-text"><xsl:with-param name="v" select="string(../../@to)"/></xsl:call-template>
    </xsl:variable>
    <h2>
      <xsl:call-template name="msg">
        <xsl:with-param name="k" select="'overview.months'"/>
        <xsl:with-param name="a1" select="concat($from, ' – ', $to)"/>
      </xsl:call-template>
    </h2>
    <table class="table">
      <thead>
        <tr>
          <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.month'"/></xsl:call-template></th>
          <th scope="col" class="num"><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.opened'"/></xsl:call-template></th>
          <th scope="col" class="num"><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.closed'"/></xsl:call-template></th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="month">
          <tr>
            <th scope="row"><xsl:value-of select="@value"/></th>
            <td class="num"><xsl:value-of select="@opened"/></td>
            <td class="num"><xsl:value-of select="@closed"/></td>
          </tr>
        </xsl:for-each>
        <tr class="sum">
          <th scope="row"><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.sum'"/></xsl:call-template></th>
          <td class="num"><xsl:value-of select="@opened"/></td>
          <td class="num"><xsl:value-of select="@closed"/></td>
        </tr>
      </tbody>
    </table>
  </xsl:template>

  <!-- The admin's overview: one panel per unit (and the total), no names. -->
  <xsl:template match="total | unit" mode="overview-summary">
    <section class="panel">
      <h2>
        <xsl:choose>
          <xsl:when test="self::total"><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.total'"/></xsl:call-template></xsl:when>
          <xsl:otherwise><bdi><xsl:value-of select="@name"/></bdi></xsl:otherwise>
        </xsl:choose>
      </h2>
      <xsl:apply-templates select="logs" mode="overview"/>
      <dl class="facts">
        <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.overdue'"/></xsl:call-template></dt>
        <dd><xsl:value-of select="deadlines/@overdue"/></dd>
        <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.due-14'"/></xsl:call-template></dt>
        <dd><xsl:value-of select="deadlines/@due-14"/></dd>
        <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.expired'"/></xsl:call-template></dt>
        <dd><xsl:value-of select="consents/@expired"/></dd>
        <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.expiring-30'"/></xsl:call-template></dt>
        <dd><xsl:value-of select="consents/@expiring-30"/></dd>
        <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.holder-left'"/></xsl:call-template></dt>
        <dd><xsl:value-of select="holder-left/@logs"/></dd>
      </dl>
      <details>
        <summary><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.categories'"/></xsl:call-template></summary>
        <xsl:apply-templates select="categories" mode="overview"/>
      </details>
      <details>
        <summary><xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.opened'"/></xsl:call-template> / <xsl:call-template name="msg"><xsl:with-param name="k" select="'overview.closed'"/></xsl:call-template></summary>
        <xsl:apply-templates select="months" mode="overview"/>
      </details>
    </section>
  </xsl:template>

</xsl:stylesheet>
