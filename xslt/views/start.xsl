<?xml version="1.0" encoding="UTF-8"?>
<!--
  view="start": <person uid name mail/>, <units><unit id name role/></units>,
  <roles><role name/></roles>, <drafts><draft id href created/></drafts>,
  <todo> with <evaluations>, <meetings>, <consents>, <idle>,
  <transfers-in>, <transfers-out> and <needs-holder> (each
  more="1" when there are more than shown) of <item log child href .../>:
  what needs doing next, each a link (issue 10).
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template match="page[@view = 'start']" mode="heading">
    <h1>
      <xsl:call-template name="msg">
        <xsl:with-param name="k" select="'start.greeting'"/>
        <xsl:with-param name="a1">
          <xsl:choose>
            <xsl:when test="string(content/person/@name) != ''">
              <xsl:value-of select="content/person/@name"/>
            </xsl:when>
            <xsl:otherwise>
              <xsl:value-of select="meta/user/@name"/>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:with-param>
      </xsl:call-template>
    </h1>
  </xsl:template>

  <xsl:template match="page[@view = 'start']/content" mode="view">
    <xsl:apply-templates select="inbox"/>
    <xsl:if test="todo">
      <section class="panel panel-attention todo" aria-labelledby="h-todo">
        <h2 id="h-todo">
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'start.todo'"/>
          </xsl:call-template>
        </h2>
        <xsl:choose>
          <xsl:when test="todo/*/item">
            <xsl:apply-templates select="todo/*[item]" mode="todo"/>
          </xsl:when>
          <xsl:otherwise>
            <p class="empty">
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="'start.todo.none'"/>
              </xsl:call-template>
            </p>
          </xsl:otherwise>
        </xsl:choose>
      </section>
    </xsl:if>
    <xsl:if test="drafts/draft">
      <section class="panel panel-attention" aria-labelledby="h-drafts">
        <h2 id="h-drafts">
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'start.drafts.heading'"/>
          </xsl:call-template>
        </h2>
        <p>
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'start.drafts'"/>
          </xsl:call-template>
        </p>
        <ul class="link-list">
          <xsl:for-each select="drafts/draft">
            <li>
              <a>
                <xsl:attribute name="href">
                  <xsl:call-template name="safe-href">
                    <xsl:with-param name="v" select="string(@href)"/>
                  </xsl:call-template>
                </xsl:attribute>
                <xsl:call-template name="msg">
                  <xsl:with-param name="k" select="'start.draft'"/>
                  <xsl:with-param name="a1">
                    <xsl:call-template name="datetime">
                      <xsl:with-param name="v" select="string(@created)"/>
                    </xsl:call-template>
                  </xsl:with-param>
                </xsl:call-template>
              </a>
            </li>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:if>

    <section class="panel" aria-labelledby="h-units">
      <h2 id="h-units">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'start.units'"/>
        </xsl:call-template>
      </h2>
      <xsl:choose>
        <xsl:when test="units/unit">
          <ul class="item-list">
            <xsl:for-each select="units/unit">
              <li>
                <span class="item-name" dir="auto"><xsl:value-of select="@name"/></span>
                <xsl:if test="@role">
                  <span class="visually-hidden">, </span>
                  <xsl:text> </xsl:text>
                  <span class="tag">
                    <xsl:call-template name="msg">
                      <xsl:with-param name="k" select="concat('role.', @role)"/>
                    </xsl:call-template>
                  </span>
                </xsl:if>
                <xsl:call-template name="actions-for">
                  <xsl:with-param name="for" select="concat('unit-', @id)"/>
                </xsl:call-template>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise>
          <p>
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'start.no-units'"/>
            </xsl:call-template>
          </p>
        </xsl:otherwise>
      </xsl:choose>
    </section>

    <xsl:if test="roles/role">
      <section class="panel" aria-labelledby="h-roles">
        <h2 id="h-roles">
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'start.roles'"/>
          </xsl:call-template>
        </h2>
        <ul class="tag-list">
          <xsl:for-each select="roles/role">
            <li class="tag">
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="concat('role.', @name)"/>
              </xsl:call-template>
            </li>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template match="todo/*" mode="todo">
    <h3 id="h-todo-{local-name()}">
      <xsl:call-template name="msg">
        <xsl:with-param name="k" select="concat('start.todo.', local-name())"/>
      </xsl:call-template>
    </h3>
    <ul class="link-list todo-{local-name()}">
      <xsl:for-each select="item">
        <li>
          <a>
            <xsl:attribute name="href">
              <xsl:call-template name="safe-href">
                <xsl:with-param name="v" select="string(@href)"/>
              </xsl:call-template>
            </xsl:attribute>
            <xsl:apply-templates select="." mode="todo-text"/>
          </a>
        </li>
      </xsl:for-each>
    </ul>
    <xsl:if test="@more = '1'">
      <p>
        <a href="/logs?role=holder&amp;status=active&amp;sort=deadline">
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'start.todo.more'"/>
          </xsl:call-template>
        </a>
      </p>
    </xsl:if>
  </xsl:template>

  <xsl:template match="evaluations/item" mode="todo-text">
    <xsl:call-template name="msg">
      <xsl:with-param name="k" select="'start.todo.evaluation'"/>
      <xsl:with-param name="a1"><bdi><xsl:value-of select="@child"/></bdi>, <bdi><xsl:value-of select="@category"/></bdi></xsl:with-param>
    </xsl:call-template>
    <xsl:text> </xsl:text>
    <xsl:call-template name="datetime">
      <xsl:with-param name="v" select="string(@date)"/>
    </xsl:call-template>
    <xsl:if test="@overdue = '1'">
      <xsl:text> </xsl:text>
      <span class="tag tag-small tag-warning">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'start.todo.overdue'"/>
        </xsl:call-template>
      </span>
    </xsl:if>
  </xsl:template>

  <xsl:template match="meetings/item" mode="todo-text">
    <bdi><xsl:value-of select="@child"/></bdi>
    <xsl:text>: </xsl:text>
    <xsl:call-template name="datetime">
      <xsl:with-param name="v" select="string(@at)"/>
    </xsl:call-template>
    <xsl:text> </xsl:text>
    <xsl:call-template name="datetime">
      <xsl:with-param name="v" select="string(@at)"/>
      <xsl:with-param name="part" select="'time'"/>
    </xsl:call-template>
    <xsl:text>, </xsl:text>
    <bdi><xsl:value-of select="@place"/></bdi>
  </xsl:template>

  <xsl:template match="consents/item" mode="todo-text">
    <xsl:call-template name="msg">
      <xsl:with-param name="k" select="concat('start.todo.consent', substring('.expired', 1, 8 * (@expired = '1')))"/>
      <xsl:with-param name="a1"><bdi><xsl:value-of select="@child"/></bdi></xsl:with-param>
    </xsl:call-template>
    <xsl:text> </xsl:text>
    <xsl:call-template name="datetime">
      <xsl:with-param name="v" select="string(@date)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="transfers-in/item" mode="todo-text">
    <bdi><xsl:value-of select="@child"/></bdi>
    <xsl:text>: </xsl:text>
    <xsl:call-template name="msg">
      <xsl:with-param name="k" select="concat('start.todo.transfer-in', substring('.leader', 1, 7 * (@as-leader = '1')))"/>
      <xsl:with-param name="a1"><bdi><xsl:value-of select="@from-name"/></bdi></xsl:with-param>
    </xsl:call-template>
    <xsl:text> </xsl:text>
    <xsl:call-template name="datetime">
      <xsl:with-param name="v" select="string(@at)"/>
      <xsl:with-param name="part" select="'date'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="transfers-out/item" mode="todo-text">
    <bdi><xsl:value-of select="@child"/></bdi>
    <xsl:text>: </xsl:text>
    <xsl:call-template name="msg">
      <xsl:with-param name="k" select="'start.todo.transfer-out'"/>
      <xsl:with-param name="a1"><bdi><xsl:value-of select="@to-name"/></bdi></xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="needs-holder/item" mode="todo-text">
    <bdi><xsl:value-of select="@child"/></bdi>
    <xsl:text>: </xsl:text>
    <xsl:call-template name="msg">
      <xsl:with-param name="k" select="concat('start.todo.holder', substring('-gone', 1, 5 * (@gone = '1')), '-left')"/>
      <xsl:with-param name="a1"><bdi><xsl:value-of select="@holder-name"/></bdi></xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="idle/item" mode="todo-text">
    <xsl:call-template name="msg">
      <xsl:with-param name="k" select="'start.todo.idle.item'"/>
      <xsl:with-param name="a1"><bdi><xsl:value-of select="@child"/></bdi></xsl:with-param>
    </xsl:call-template>
    <xsl:text> </xsl:text>
    <xsl:call-template name="datetime">
      <xsl:with-param name="v" select="string(@last-activity)"/>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
