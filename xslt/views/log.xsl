<?xml version="1.0" encoding="UTF-8"?>
<!--
  view="log": one stafettlogg (README.md, "Views of the stafettlogg").

  Order of the page: meeting-mode banner, the child's name (h1), about the
  log, family (guardians, consent), concerns (each with its measures, their
  evaluations and the notes tied to it), bright spots, notes, meetings, who
  has access, other actions. A section is shown when the view model holds
  its element or offers the action that adds to it; what is absent is not
  visible to this user, and the stylesheet never infers it.

  Actions with @for are placed next to their object: concern-N, measure-N,
  bright-spot-N, grant-N; the for="log" ones in the section they add to
  (add-concern, add-bright-spot, add-note, add-meeting, add-grant), and
  meeting-mode in "about the log". for="log" actions this file does not
  know come last. Headings: h1 child, h2 sections, h3 each concern,
  meeting, h4 inside a concern.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- for="log" actions placed in a section of their own -->
  <xsl:variable name="log-placed"
    select="' add-concern add-bright-spot add-note add-meeting add-grant meeting-mode leave-meeting withdraw-consent transfer take-over '"/>

  <xsl:template match="page[@view = 'log']" mode="placed">logs leave-meeting</xsl:template>

  <!-- The concerns of the log by id (a note says which concern it is
       about), and whether any read grant can be changed (a column of the
       access table): looked up once, not per note or per row. -->
  <xsl:key name="concern-by-id" match="log/concerns/concern" use="@id"/>
  <xsl:variable name="grant-actions" select="boolean(/page/actions/action[starts-with(@for, 'grant-')])"/>

  <!-- No child's name in <title>: titles end up in browser history, tab
       lists and bookmarks on shared computers. -->
  <xsl:template match="page[@view = 'log']" mode="title">
    <xsl:call-template name="msg">
      <xsl:with-param name="k" select="'title.log'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="page[@view = 'log']" mode="heading">
    <xsl:variable name="log" select="content/log"/>
    <xsl:if test="$meeting-mode">
      <div class="meeting-banner" role="region" aria-labelledby="h-meeting-banner">
        <p class="meeting-banner-title" id="h-meeting-banner">
          <span class="meeting-banner-icon" aria-hidden="true">●</span>
          <xsl:text> </xsl:text>
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'meeting.banner.title'"/>
          </xsl:call-template>
        </p>
        <p>
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'meeting.banner'"/>
          </xsl:call-template>
        </p>
        <xsl:if test="/page/actions/action[@name = 'leave-meeting']">
          <div class="meeting-banner-actions">
            <xsl:call-template name="action">
              <xsl:with-param name="name" select="'leave-meeting'"/>
              <xsl:with-param name="class" select="'button button-secondary'"/>
              <xsl:with-param name="button-class" select="'button button-secondary'"/>
            </xsl:call-template>
          </div>
        </xsl:if>
      </div>
    </xsl:if>
    <xsl:if test="actions/action[@name = 'logs']">
      <p class="back-link">
        <xsl:call-template name="action">
          <xsl:with-param name="name" select="'logs'"/>
        </xsl:call-template>
      </p>
    </xsl:if>
    <xsl:call-template name="print-head"/>
    <h1 class="log-title">
      <xsl:choose>
        <xsl:when test="string($log/child/@name) != ''">
          <bdi><xsl:value-of select="$log/child/@name"/></bdi>
        </xsl:when>
        <xsl:when test="string($log/@child-name) != ''">
          <bdi><xsl:value-of select="$log/@child-name"/></bdi>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="." mode="title"/>
        </xsl:otherwise>
      </xsl:choose>
    </h1>
  </xsl:template>

  <xsl:template match="page[@view = 'log']/content" mode="view">
    <!-- A form sent back with errors may sit far down, in a disclosure
         (opened): say so on top, with a link to it. -->
    <xsl:if test="/page/actions/action[@for and error]">
      <div class="message message-error">
        <xsl:for-each select="/page/actions/action[@for and error]">
          <xsl:variable name="prefix">
            <xsl:call-template name="action-prefix"/>
          </xsl:variable>
          <p>
            <a href="#{$prefix}">
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="'log.form-errors'"/>
                <xsl:with-param name="a1">
                  <xsl:call-template name="msg-or">
                    <xsl:with-param name="k" select="concat('action.', @name, '.open')"/>
                    <xsl:with-param name="fallback" select="concat('action.', @name)"/>
                  </xsl:call-template>
                </xsl:with-param>
              </xsl:call-template>
            </a>
          </p>
        </xsl:for-each>
      </div>
    </xsl:if>
    <xsl:apply-templates select="log" mode="log"/>
  </xsl:template>

  <!-- ============================================================ the log -->

  <xsl:template match="log" mode="log">
    <xsl:variable name="acts" select="key('actions-for', 'log')"/>

    <xsl:call-template name="log-about"/>

    <xsl:if test="transfer or $acts[@name = 'transfer' or @name = 'take-over']">
      <xsl:call-template name="log-transfer"/>
    </xsl:if>

    <!-- a table of contents: the page is long on a phone -->
    <xsl:variable name="toc-label">
      <xsl:call-template name="msg">
        <xsl:with-param name="k" select="'log.contents'"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="toc-entries"
      select="number(boolean(guardians or consents))
              + number(boolean(concerns or $acts[@name = 'add-concern']))
              + number(boolean(bright-spots or $acts[@name = 'add-bright-spot']))
              + number(boolean(notes or $acts[@name = 'add-note']))
              + number(boolean(meetings or $acts[@name = 'add-meeting']))
              + number(boolean(grants or readers or $acts[@name = 'add-grant']))
              + number(boolean(events))"/>
    <xsl:if test="$toc-entries &gt;= 2">
    <nav class="toc" aria-label="{$toc-label}">
      <ul>
        <xsl:if test="guardians or consents">
          <li><a href="#family"><xsl:call-template name="msg"><xsl:with-param name="k" select="'log.family'"/></xsl:call-template></a></li>
        </xsl:if>
        <xsl:if test="concerns or $acts[@name = 'add-concern']">
          <li><a href="#concerns"><xsl:call-template name="msg"><xsl:with-param name="k" select="'log.concerns'"/></xsl:call-template></a></li>
        </xsl:if>
        <xsl:if test="bright-spots or $acts[@name = 'add-bright-spot']">
          <li><a href="#bright-spots"><xsl:call-template name="msg"><xsl:with-param name="k" select="'log.bright-spots'"/></xsl:call-template></a></li>
        </xsl:if>
        <xsl:if test="notes or $acts[@name = 'add-note']">
          <li><a href="#notes"><xsl:call-template name="msg"><xsl:with-param name="k" select="'log.notes'"/></xsl:call-template></a></li>
        </xsl:if>
        <xsl:if test="meetings or $acts[@name = 'add-meeting']">
          <li><a href="#meetings"><xsl:call-template name="msg"><xsl:with-param name="k" select="'log.meetings'"/></xsl:call-template></a></li>
        </xsl:if>
        <xsl:if test="grants or readers or $acts[@name = 'add-grant']">
          <li><a href="#access"><xsl:call-template name="msg"><xsl:with-param name="k" select="'log.grants'"/></xsl:call-template></a></li>
        </xsl:if>
        <xsl:if test="events">
          <li><a href="#history"><xsl:call-template name="msg"><xsl:with-param name="k" select="'history.heading'"/></xsl:call-template></a></li>
        </xsl:if>
      </ul>
    </nav>
    </xsl:if>

    <xsl:if test="guardians or consents">
      <section class="panel family" id="family" aria-labelledby="h-family">
        <h2 id="h-family">
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'log.family'"/>
          </xsl:call-template>
        </h2>
        <div class="family-grid">
          <xsl:apply-templates select="guardians" mode="log"/>
          <xsl:apply-templates select="consents" mode="log"/>
        </div>
        <xsl:variable name="child" select="string(child/@name)"/>
        <xsl:for-each select="$acts[@name = 'withdraw-consent']">
          <div class="object-actions section-actions">
            <xsl:apply-templates select="." mode="confirm">
              <xsl:with-param name="text">
                <xsl:call-template name="msg">
                  <xsl:with-param name="k" select="'consent.withdraw.confirm'"/>
                  <xsl:with-param name="a1">
                    <strong><bdi><xsl:value-of select="$child"/></bdi></strong>
                  </xsl:with-param>
                </xsl:call-template>
              </xsl:with-param>
            </xsl:apply-templates>
          </div>
        </xsl:for-each>
      </section>
    </xsl:if>

    <xsl:if test="concerns or $acts[@name = 'add-concern']">
      <section class="concerns" id="concerns" aria-labelledby="h-concerns">
        <h2 id="h-concerns" class="section-heading">
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'log.concerns'"/>
          </xsl:call-template>
        </h2>
        <xsl:choose>
          <xsl:when test="concerns/concern">
            <xsl:apply-templates select="concerns/concern" mode="log"/>
          </xsl:when>
          <xsl:when test="concerns/@access = 'none'">
            <p class="empty">
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="'log.concerns.no-access'"/>
              </xsl:call-template>
            </p>
          </xsl:when>
          <xsl:when test="concerns">
            <p class="empty">
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="'log.no-concerns'"/>
              </xsl:call-template>
            </p>
          </xsl:when>
        </xsl:choose>
        <xsl:if test="concerns/@access = 'partial'">
          <p class="empty concerns-partial">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'log.concerns.partial'"/>
            </xsl:call-template>
          </p>
        </xsl:if>
        <xsl:call-template name="log-action">
          <xsl:with-param name="name" select="'add-concern'"/>
        </xsl:call-template>
      </section>
    </xsl:if>

    <xsl:if test="bright-spots or $acts[@name = 'add-bright-spot']">
      <xsl:call-template name="bright-spots"/>
    </xsl:if>

    <xsl:if test="notes or $acts[@name = 'add-note']">
      <section class="panel notes" id="notes" aria-labelledby="h-notes">
        <h2 id="h-notes">
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'log.notes'"/>
          </xsl:call-template>
        </h2>
        <xsl:choose>
          <xsl:when test="notes/note">
            <xsl:for-each select="notes">
              <xsl:call-template name="older-page">
                <xsl:with-param name="k" select="'notes.older'"/>
              </xsl:call-template>
            </xsl:for-each>
            <ul class="note-list">
              <xsl:apply-templates select="notes/note" mode="log"/>
            </ul>
          </xsl:when>
          <xsl:when test="notes">
            <p class="empty">
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="'notes.none'"/>
              </xsl:call-template>
            </p>
          </xsl:when>
        </xsl:choose>
        <xsl:call-template name="paging">
          <xsl:with-param name="for" select="'notes'"/>
        </xsl:call-template>
        <xsl:call-template name="log-action">
          <xsl:with-param name="name" select="'add-note'"/>
        </xsl:call-template>
      </section>
    </xsl:if>

    <xsl:if test="meetings or $acts[@name = 'add-meeting']">
      <section class="panel meetings" id="meetings" aria-labelledby="h-meetings">
        <h2 id="h-meetings">
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'log.meetings'"/>
          </xsl:call-template>
        </h2>
        <xsl:choose>
          <xsl:when test="meetings/meeting">
            <xsl:apply-templates select="meetings/meeting" mode="log"/>
          </xsl:when>
          <xsl:when test="meetings">
            <p class="empty">
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="'meetings.none'"/>
              </xsl:call-template>
            </p>
          </xsl:when>
        </xsl:choose>
        <xsl:call-template name="log-action">
          <xsl:with-param name="name" select="'add-meeting'"/>
        </xsl:call-template>
      </section>
    </xsl:if>

    <xsl:if test="grants or readers or $acts[@name = 'add-grant']">
      <xsl:call-template name="grants"/>
    </xsl:if>

    <xsl:if test="events">
      <xsl:call-template name="log-history"/>
    </xsl:if>

    <xsl:if test="$acts[not(contains($log-placed, concat(' ', @name, ' ')))]">
      <section class="panel more-actions" aria-labelledby="h-more-actions">
        <h2 id="h-more-actions">
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'log.more-actions'"/>
          </xsl:call-template>
        </h2>
        <xsl:call-template name="actions-for">
          <xsl:with-param name="for" select="'log'"/>
          <xsl:with-param name="except" select="$log-placed"/>
        </xsl:call-template>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ========================================================= transfer -->

  <!-- The pending transfer (who offered it to whom, when, why, the
       concerns that go along) with its actions (accept, decline,
       withdraw: for="transfer-N"), and the holder's or leader's offer and
       take-over. A receiver who has no other role sees only this. -->
  <xsl:template name="log-transfer">
    <section class="panel transfer" id="transfer" aria-labelledby="h-transfer">
      <h2 id="h-transfer">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'transfer.heading'"/>
        </xsl:call-template>
      </h2>
      <xsl:if test="@role = 'receiver' and string(child/@age) != ''">
        <p>
          <bdi><xsl:value-of select="child/@name"/></bdi>
          <xsl:text>, </xsl:text>
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'log.age'"/>
            <xsl:with-param name="a1" select="string(child/@age)"/>
          </xsl:call-template>
        </p>
      </xsl:if>
      <xsl:for-each select="transfer">
        <p class="warning">
          <xsl:call-template name="warning-label"/>
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="concat('transfer.pending.', @kind)"/>
            <xsl:with-param name="a1">
              <xsl:if test="@kind != 'leader'">
                <bdi><xsl:value-of select="@to-name"/></bdi>
                <xsl:text>, </xsl:text>
              </xsl:if>
              <bdi><xsl:value-of select="@to-unit-name"/></bdi>
            </xsl:with-param>
          </xsl:call-template>
        </p>
        <dl class="details">
          <div class="details-row">
            <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'transfer.from'"/></xsl:call-template></dt>
            <dd>
              <bdi><xsl:value-of select="@from-name"/></bdi>
              <xsl:text> (</xsl:text>
              <bdi><xsl:value-of select="@from-unit-name"/></bdi>
              <xsl:text>)</xsl:text>
              <xsl:if test="@offered-by-name">
                <xsl:text> – </xsl:text>
                <xsl:call-template name="msg">
                  <xsl:with-param name="k" select="'transfer.offered-by'"/>
                  <xsl:with-param name="a1"><bdi><xsl:value-of select="@offered-by-name"/></bdi></xsl:with-param>
                </xsl:call-template>
              </xsl:if>
            </dd>
          </div>
          <div class="details-row">
            <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'transfer.offered'"/></xsl:call-template></dt>
            <dd>
              <xsl:call-template name="datetime">
                <xsl:with-param name="v" select="string(@offered)"/>
                <xsl:with-param name="part" select="'date'"/>
              </xsl:call-template>
            </dd>
          </div>
          <div class="details-row">
            <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'transfer.reason'"/></xsl:call-template></dt>
            <dd class="text" dir="auto"><xsl:value-of select="reason"/></dd>
          </div>
          <div class="details-row">
            <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'transfer.concerns'"/></xsl:call-template></dt>
            <dd>
              <xsl:choose>
                <xsl:when test="concerns/concern">
                  <ul class="plain-list">
                    <xsl:for-each select="concerns/concern">
                      <li>
                        <strong><bdi><xsl:value-of select="@category"/></bdi></strong>
                        <xsl:if test="string(description) != ''">
                          <xsl:text>: </xsl:text>
                          <span class="text" dir="auto"><xsl:value-of select="description"/></span>
                        </xsl:if>
                      </li>
                    </xsl:for-each>
                  </ul>
                </xsl:when>
                <xsl:otherwise>
                  <xsl:call-template name="msg"><xsl:with-param name="k" select="'transfer.concerns.none'"/></xsl:call-template>
                </xsl:otherwise>
              </xsl:choose>
            </dd>
          </div>
        </dl>
        <xsl:call-template name="actions-for">
          <xsl:with-param name="for" select="concat('transfer-', @id)"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:if test="key('actions-for', 'log')[@name = 'transfer' or @name = 'take-over']">
        <p class="small">
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'transfer.help'"/>
          </xsl:call-template>
        </p>
      </xsl:if>
      <xsl:call-template name="log-action">
        <xsl:with-param name="name" select="'transfer'"/>
      </xsl:call-template>
      <xsl:call-template name="log-action">
        <xsl:with-param name="name" select="'take-over'"/>
      </xsl:call-template>
    </section>
  </xsl:template>

  <!-- ========================================================== history -->

  <!-- The history of the log: the holders with their periods, then every
       step (any kind: its name from the catalog, event.KIND, else
       event.other), who took it, whom it concerned, the values and the
       reason. -->
  <xsl:template name="log-history">
    <section class="panel history" id="history" aria-labelledby="h-history">
      <h2 id="h-history">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'history.heading'"/>
        </xsl:call-template>
      </h2>
      <xsl:if test="holders/holder">
        <h3 id="h-history-holders">
          <xsl:call-template name="msg"><xsl:with-param name="k" select="'history.holders'"/></xsl:call-template>
        </h3>
        <ul class="plain-list history-holders">
          <xsl:for-each select="holders/holder">
            <li>
              <bdi><xsl:value-of select="@name"/></bdi>
              <xsl:if test="string(@unit-name) != ''">
                <xsl:text> (</xsl:text>
                <bdi><xsl:value-of select="@unit-name"/></bdi>
                <xsl:text>)</xsl:text>
              </xsl:if>
              <xsl:text>: </xsl:text>
              <xsl:call-template name="datetime">
                <xsl:with-param name="v" select="string(@from)"/>
                <xsl:with-param name="part" select="'date'"/>
              </xsl:call-template>
              <xsl:text> – </xsl:text>
              <xsl:choose>
                <xsl:when test="@until">
                  <xsl:call-template name="datetime">
                    <xsl:with-param name="v" select="string(@until)"/>
                    <xsl:with-param name="part" select="'date'"/>
                  </xsl:call-template>
                </xsl:when>
                <xsl:otherwise>
                  <xsl:call-template name="msg"><xsl:with-param name="k" select="'history.holder.now'"/></xsl:call-template>
                </xsl:otherwise>
              </xsl:choose>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>
      <table class="table history-events stack" aria-labelledby="h-history">
        <thead>
          <tr>
            <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'history.when'"/></xsl:call-template></th>
            <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'history.what'"/></xsl:call-template></th>
            <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'history.who'"/></xsl:call-template></th>
            <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'history.details'"/></xsl:call-template></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="events/event">
            <tr id="event-{@id}">
              <td>
                <xsl:call-template name="datetime">
                  <xsl:with-param name="v" select="string(@at)"/>
                  <xsl:with-param name="part" select="'date'"/>
                </xsl:call-template>
              </td>
              <td>
                <xsl:call-template name="msg-or">
                  <xsl:with-param name="k" select="concat('event.', @kind)"/>
                  <xsl:with-param name="fallback" select="'event.other'"/>
                  <xsl:with-param name="a1" select="string(@kind)"/>
                </xsl:call-template>
              </td>
              <td><bdi><xsl:value-of select="@actor-name"/></bdi></td>
              <td>
                <xsl:if test="string(@subject-name) != '' or string(@unit-name) != ''">
                  <p>
                    <bdi><xsl:value-of select="@subject-name"/></bdi>
                    <xsl:if test="string(@subject-name) != '' and string(@unit-name) != ''">
                      <xsl:text>, </xsl:text>
                    </xsl:if>
                    <bdi><xsl:value-of select="@unit-name"/></bdi>
                  </p>
                </xsl:if>
                <xsl:if test="string(@from) != '' or string(@to) != ''">
                  <p>
                    <xsl:if test="string(@from) != ''">
                      <xsl:call-template name="event-value"><xsl:with-param name="v" select="string(@from)"/></xsl:call-template>
                      <xsl:text> → </xsl:text>
                    </xsl:if>
                    <xsl:call-template name="event-value"><xsl:with-param name="v" select="string(@to)"/></xsl:call-template>
                  </p>
                </xsl:if>
                <xsl:if test="string(reason) != ''">
                  <p class="text" dir="auto"><xsl:value-of select="reason"/></p>
                </xsl:if>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </section>
  </xsl:template>

  <!-- A value of a step: its name from the catalog (event.value.V) when
       there is one, a date as a date, else as stored. -->
  <xsl:template name="event-value">
    <xsl:param name="v"/>
    <xsl:variable name="has">
      <xsl:call-template name="has-msg">
        <xsl:with-param name="k" select="concat('event.value.', $v)"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$has = '1'">
        <xsl:call-template name="msg"><xsl:with-param name="k" select="concat('event.value.', $v)"/></xsl:call-template>
      </xsl:when>
      <!-- a date (a consent's last day): as every date on the page -->
      <xsl:when test="string-length($v) = 10 and translate($v, '0123456789', '') = '--'">
        <xsl:call-template name="datetime">
          <xsl:with-param name="v" select="$v"/>
          <xsl:with-param name="part" select="'date'"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><bdi><xsl:value-of select="$v"/></bdi></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- One for="log" action, disclosed, in the section it adds to. -->
  <xsl:template name="log-action">
    <xsl:param name="name"/>
    <xsl:variable name="act" select="key('actions-for', 'log')[@name = $name]"/>
    <xsl:if test="$act">
      <div class="object-actions section-actions">
        <xsl:apply-templates select="$act" mode="disclosed"/>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- Printed from the browser: what the PDF's page header and footer say
       (the child, the marking, when and by whom); hidden on screen. -->
  <xsl:template name="print-head">
    <div class="print-head" aria-hidden="true">
      <p>
        <bdi><xsl:value-of select="/page/content/log/child/@name"/></bdi>
        <xsl:text> – </xsl:text>
        <xsl:call-template name="msg"><xsl:with-param name="k" select="'log.print.marking'"/></xsl:call-template>
      </p>
      <xsl:if test="/page/meta/now">
        <p>
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'log.print.printed'"/>
            <xsl:with-param name="a1">
              <xsl:call-template name="datetime"><xsl:with-param name="v" select="string(/page/meta/now)"/></xsl:call-template>
            </xsl:with-param>
          </xsl:call-template>
          <xsl:text> </xsl:text>
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'log.print.by'"/>
            <xsl:with-param name="a1"><bdi><xsl:value-of select="/page/meta/user/@name"/></bdi></xsl:with-param>
          </xsl:call-template>
        </p>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- ====================================================== about the log -->

  <xsl:template name="log-about">
    <section class="panel log-about" aria-labelledby="h-about">
      <h2 id="h-about">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'log.about'"/>
        </xsl:call-template>
      </h2>
      <xsl:if test="@status = 'passive'">
        <p class="warning">
          <xsl:call-template name="warning-label"/>
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'log.passive'"/>
          </xsl:call-template>
        </p>
      </xsl:if>
      <xsl:apply-templates select="lifecycle" mode="log"/>
      <dl class="details">
        <xsl:if test="child/@birth-date">
          <div class="details-row">
            <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'log.born'"/></xsl:call-template></dt>
            <dd>
              <xsl:call-template name="datetime">
                <xsl:with-param name="v" select="string(child/@birth-date)"/>
              </xsl:call-template>
              <xsl:if test="string(child/@age) != ''">
                <xsl:text> (</xsl:text>
                <xsl:call-template name="msg">
                  <xsl:with-param name="k" select="'log.age'"/>
                  <xsl:with-param name="a1" select="string(child/@age)"/>
                </xsl:call-template>
                <xsl:text>)</xsl:text>
              </xsl:if>
            </dd>
          </div>
        </xsl:if>
        <xsl:if test="child/@nin">
          <div class="details-row">
            <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'log.nin'"/></xsl:call-template></dt>
            <dd class="nin"><xsl:value-of select="child/@nin"/></dd>
          </div>
        </xsl:if>
        <xsl:if test="child/address">
          <div class="details-row">
            <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'log.address'"/></xsl:call-template></dt>
            <dd class="text" dir="auto"><xsl:value-of select="child/address"/></dd>
          </div>
        </xsl:if>
        <xsl:if test="@level">
          <div class="details-row">
            <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'log.level'"/></xsl:call-template></dt>
            <dd>
              <xsl:call-template name="msg-or">
                <xsl:with-param name="k" select="concat('option.level.', @level)"/>
                <xsl:with-param name="fallback" select="'log.level.short'"/>
                <xsl:with-param name="a1" select="string(@level)"/>
              </xsl:call-template>
            </dd>
          </div>
        </xsl:if>
        <xsl:if test="@unit-name">
          <div class="details-row">
            <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'log.unit'"/></xsl:call-template></dt>
            <dd dir="auto"><xsl:value-of select="@unit-name"/></dd>
          </div>
        </xsl:if>
        <xsl:if test="@holder-name">
          <div class="details-row">
            <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'log.holder'"/></xsl:call-template></dt>
            <dd class="holder" dir="auto"><xsl:value-of select="@holder-name"/></dd>
          </div>
        </xsl:if>
        <xsl:if test="@status">
          <div class="details-row">
            <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'log.status'"/></xsl:call-template></dt>
            <dd>
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="concat('status.log.', @status)"/>
              </xsl:call-template>
            </dd>
          </div>
        </xsl:if>
        <xsl:if test="@created">
          <div class="details-row">
            <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'log.created'"/></xsl:call-template></dt>
            <dd>
              <xsl:call-template name="datetime">
                <xsl:with-param name="v" select="string(@created)"/>
                    <xsl:with-param name="part" select="'date'"/>
              </xsl:call-template>
            </dd>
          </div>
        </xsl:if>
        <xsl:if test="@role">
          <div class="details-row your-role">
            <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'log.your-role'"/></xsl:call-template></dt>
            <dd>
              <span class="tag">
                <xsl:call-template name="msg">
                  <xsl:with-param name="k" select="concat('role.', @role)"/>
                </xsl:call-template>
              </span>
            </dd>
          </div>
        </xsl:if>
      </dl>
      <xsl:variable name="note-key" select="concat('log.role-note.', @role)"/>
      <xsl:variable name="has-note">
        <xsl:call-template name="has-msg">
          <xsl:with-param name="k" select="$note-key"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:if test="$has-note = '1'">
        <p class="small role-note">
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="$note-key"/>
          </xsl:call-template>
        </p>
      </xsl:if>
      <xsl:if test="key('actions-for', 'log')[@name = 'meeting-mode']">
        <div class="meeting-start">
          <p class="small">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'meeting.start.help'"/>
            </xsl:call-template>
          </p>
          <xsl:call-template name="action">
            <xsl:with-param name="name" select="'meeting-mode'"/>
            <xsl:with-param name="for" select="'log'"/>
            <xsl:with-param name="class" select="'inline-action'"/>
            <xsl:with-param name="button-class" select="'button button-secondary'"/>
          </xsl:call-template>
        </div>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- ============================================================ family -->

  <xsl:template match="guardians" mode="log">
    <div class="family-part">
      <h3>
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'log.guardians'"/>
        </xsl:call-template>
      </h3>
      <xsl:choose>
        <xsl:when test="guardian">
          <ul class="card-list">
            <xsl:for-each select="guardian">
              <li class="card guardian">
                <p class="card-title" dir="auto"><xsl:value-of select="@name"/></p>
                <xsl:if test="string(@email) != '' or string(@phone) != ''">
                  <dl class="mini-details">
                    <xsl:if test="string(@email) != ''">
                      <div>
                        <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'guardian.email'"/></xsl:call-template></dt>
                        <dd><xsl:value-of select="@email"/></dd>
                      </div>
                    </xsl:if>
                    <xsl:if test="string(@phone) != ''">
                      <div>
                        <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'guardian.phone'"/></xsl:call-template></dt>
                        <dd><xsl:value-of select="@phone"/></dd>
                      </div>
                    </xsl:if>
                  </dl>
                </xsl:if>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'log.guardians.none'"/>
            </xsl:call-template>
          </p>
        </xsl:otherwise>
      </xsl:choose>
    </div>
  </xsl:template>

  <xsl:template match="consents" mode="log">
    <div class="family-part">
      <h3>
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'log.consents'"/>
        </xsl:call-template>
      </h3>
      <xsl:choose>
        <xsl:when test="consent">
          <ul class="card-list">
            <xsl:for-each select="consent">
              <li>
                <xsl:attribute name="class">
                  <xsl:text>card consent</xsl:text>
                  <xsl:if test="@expired = '1'"> consent-expired</xsl:if>
                </xsl:attribute>
                <xsl:if test="@expired = '1'">
                  <p class="warning">
                    <xsl:call-template name="warning-label"/>
                    <xsl:call-template name="msg">
                      <xsl:with-param name="k" select="'consent.expired'"/>
                      <xsl:with-param name="a1">
                        <xsl:call-template name="datetime">
                          <xsl:with-param name="v" select="string(@expires)"/>
                        </xsl:call-template>
                      </xsl:with-param>
                    </xsl:call-template>
                  </p>
                </xsl:if>
                <dl class="mini-details">
                  <div>
                    <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'consent.given-by'"/></xsl:call-template></dt>
                    <dd>
                      <xsl:call-template name="msg">
                        <xsl:with-param name="k" select="concat('option.consent-by.', @given-by)"/>
                      </xsl:call-template>
                      <xsl:if test="string(@given-by-name) != ''">
                        <xsl:text>: </xsl:text>
                        <bdi><xsl:value-of select="@given-by-name"/></bdi>
                      </xsl:if>
                    </dd>
                  </div>
                  <div>
                    <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'consent.given-at'"/></xsl:call-template></dt>
                    <dd>
                      <xsl:call-template name="datetime">
                        <xsl:with-param name="v" select="string(@given-at)"/>
                      </xsl:call-template>
                    </dd>
                  </div>
                  <div>
                    <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'consent.expires'"/></xsl:call-template></dt>
                    <dd>
                      <xsl:choose>
                        <xsl:when test="string(@expires) != ''">
                          <xsl:call-template name="datetime">
                            <xsl:with-param name="v" select="string(@expires)"/>
                          </xsl:call-template>
                          <xsl:if test="@expired = '1'">
                            <xsl:text> </xsl:text>
                            <strong class="badge badge-danger">
                              <xsl:call-template name="msg">
                                <xsl:with-param name="k" select="'consent.expired.short'"/>
                              </xsl:call-template>
                            </strong>
                          </xsl:if>
                        </xsl:when>
                        <xsl:otherwise>
                          <xsl:call-template name="msg">
                            <xsl:with-param name="k" select="'consent.no-expiry'"/>
                          </xsl:call-template>
                        </xsl:otherwise>
                      </xsl:choose>
                    </dd>
                  </div>
                  <xsl:if test="scope">
                    <div>
                      <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'consent.scope'"/></xsl:call-template></dt>
                      <dd class="text" dir="auto"><xsl:value-of select="scope"/></dd>
                    </div>
                  </xsl:if>
                </dl>
                <xsl:call-template name="attachment-link">
                  <xsl:with-param name="k" select="'consent.attachment'"/>
                </xsl:call-template>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'consent.none'"/>
            </xsl:call-template>
          </p>
        </xsl:otherwise>
      </xsl:choose>
    </div>
  </xsl:template>

  <!-- A link to @attachment named @attachment-name (context: its owner). -->
  <xsl:template name="attachment-link">
    <xsl:param name="k" select="'note.attachment'"/>
    <xsl:if test="string(@attachment) != ''">
      <p class="attachment">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="$k"/>
        </xsl:call-template>
        <xsl:text> </xsl:text>
        <a>
          <xsl:attribute name="href">
            <xsl:call-template name="safe-href">
              <xsl:with-param name="v" select="string(@attachment)"/>
            </xsl:call-template>
          </xsl:attribute>
          <xsl:choose>
            <xsl:when test="string(@attachment-name) != ''">
              <xsl:value-of select="@attachment-name"/>
            </xsl:when>
            <xsl:otherwise>
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="'attachment.default-name'"/>
              </xsl:call-template>
            </xsl:otherwise>
          </xsl:choose>
          <xsl:text> </xsl:text>
          <span class="file-type">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'attachment.pdf'"/>
            </xsl:call-template>
          </span>
        </a>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- ========================================================== concerns -->

  <xsl:template match="concern" mode="log">
    <xsl:variable name="cid" select="concat('concern-', @id)"/>
    <section class="panel concern" id="{$cid}" aria-labelledby="h-{$cid}">
      <div class="concern-head">
        <h3 id="h-{$cid}">
          <span class="concern-kicker">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'concern.label'"/>
            </xsl:call-template>
            <span class="visually-hidden">: </span>
          </span>
          <xsl:text> </xsl:text>
          <bdi><xsl:value-of select="@category"/></bdi>
        </h3>
        <p class="concern-meta">
          <xsl:if test="@status">
            <span class="badge badge-status-{@status}">
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="concat('status.concern.', @status)"/>
              </xsl:call-template>
            </span>
            <xsl:text> </xsl:text>
          </xsl:if>
          <xsl:if test="@registered">
            <span class="concern-registered">
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="'concern.registered'"/>
                <xsl:with-param name="a1">
                  <xsl:call-template name="datetime">
                    <xsl:with-param name="v" select="string(@registered)"/>
                  </xsl:call-template>
                </xsl:with-param>
              </xsl:call-template>
            </span>
          </xsl:if>
        </p>
      </div>

      <xsl:if test="@discussed-leader or @discussed-guardians or @discussed-child">
        <xsl:variable name="discussed-label">
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'concern.discussed'"/>
          </xsl:call-template>
        </xsl:variable>
        <ul class="flag-list" aria-label="{$discussed-label}">
          <xsl:for-each select="@discussed-leader | @discussed-guardians | @discussed-child">
            <li>
              <xsl:attribute name="class">
                <xsl:text>flag </xsl:text>
                <xsl:choose>
                  <xsl:when test=". = '1'">flag-yes</xsl:when>
                  <xsl:otherwise>flag-no</xsl:otherwise>
                </xsl:choose>
              </xsl:attribute>
              <span class="flag-mark" aria-hidden="true">
                <xsl:choose>
                  <xsl:when test=". = '1'">✓</xsl:when>
                  <xsl:otherwise>–</xsl:otherwise>
                </xsl:choose>
              </span>
              <xsl:text> </xsl:text>
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="concat('concern.', name())"/>
              </xsl:call-template>
              <xsl:text>: </xsl:text>
              <strong>
                <xsl:call-template name="msg">
                  <xsl:with-param name="k">
                    <xsl:choose>
                      <xsl:when test=". = '1'">common.yes</xsl:when>
                      <xsl:otherwise>common.no</xsl:otherwise>
                    </xsl:choose>
                  </xsl:with-param>
                </xsl:call-template>
              </strong>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>

      <xsl:if test="description or goal or maintaining">
        <dl class="concern-text">
          <xsl:for-each select="description | goal | maintaining">
            <div class="concern-part concern-{name()}">
              <dt>
                <xsl:call-template name="msg">
                  <xsl:with-param name="k" select="concat('concern.', name())"/>
                </xsl:call-template>
              </dt>
              <dd class="text" dir="auto"><xsl:value-of select="."/></dd>
            </div>
          </xsl:for-each>
        </dl>
      </xsl:if>

      <xsl:if test="missing">
        <ul class="warning-list">
          <xsl:for-each select="missing">
            <li class="warning">
              <xsl:call-template name="warning-label"/>
              <xsl:call-template name="msg-or">
                <xsl:with-param name="k" select="concat('missing.', @kind)"/>
                <xsl:with-param name="fallback" select="'missing.other'"/>
              </xsl:call-template>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>

      <h4 id="h-{$cid}-measures">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'concern.measures'"/>
        </xsl:call-template>
      </h4>
      <xsl:choose>
        <xsl:when test="measure">
          <xsl:call-template name="measure-table">
            <xsl:with-param name="labelledby" select="concat('h-', $cid, '-measures')"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'concern.no-measures'"/>
            </xsl:call-template>
          </p>
        </xsl:otherwise>
      </xsl:choose>

      <xsl:call-template name="actions-for">
        <xsl:with-param name="for" select="$cid"/>
      </xsl:call-template>

      <xsl:if test="note">
        <h4>
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'concern.notes'"/>
          </xsl:call-template>
        </h4>
        <ul class="note-list">
          <xsl:apply-templates select="note" mode="log"/>
        </ul>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template name="warning-label">
    <span class="warning-icon" aria-hidden="true">!</span>
    <strong class="warning-label">
      <xsl:call-template name="msg">
        <xsl:with-param name="k" select="'warning.label'"/>
      </xsl:call-template>
    </strong>
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- ========================================================== measures -->

  <!-- The measures of a concern (context: the concern). On phones each row
       becomes a card; the cell labels (aria-hidden, the column headers say
       it for screen readers) are shown only then. -->
  <xsl:template name="measure-table">
    <xsl:param name="labelledby"/>
    <table class="table measures stack" aria-labelledby="{$labelledby}">
      <thead>
        <tr>
          <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'measure.text'"/></xsl:call-template></th>
          <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'measure.actor'"/></xsl:call-template></th>
          <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'measure.start'"/></xsl:call-template></th>
          <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'measure.evaluate-by'"/></xsl:call-template></th>
          <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'measure.status'"/></xsl:call-template></th>
        </tr>
      </thead>
      <xsl:apply-templates select="measure" mode="log"/>
    </table>
  </xsl:template>

  <!-- One measure: a tbody with its row and, when there is one, a second
       row with its evaluation and the actions for it. -->
  <xsl:template match="measure" mode="log">
    <xsl:variable name="mid" select="concat('measure-', @id)"/>
    <xsl:variable name="acts" select="key('actions-for', $mid)"/>
    <tbody id="{$mid}">
      <xsl:attribute name="class">
        <xsl:text>measure measure-</xsl:text>
        <xsl:value-of select="@status"/>
        <xsl:if test="@overdue = '1'"> measure-overdue</xsl:if>
      </xsl:attribute>
      <tr>
        <td class="measure-main">
          <p class="measure-kind">
            <span class="tag tag-kind-{@kind}">
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="concat('option.kind.', @kind)"/>
              </xsl:call-template>
            </span>
          </p>
          <p class="text measure-text" dir="auto"><xsl:value-of select="text"/></p>
          <xsl:if test="string(@replaces) != ''">
            <p class="small measure-replaces">
              <xsl:choose>
                <xsl:when test="../measure[@id = current()/@replaces]">
                  <a href="#measure-{@replaces}">
                    <xsl:call-template name="msg">
                      <xsl:with-param name="k" select="'measure.replaces'"/>
                    </xsl:call-template>
                  </a>
                </xsl:when>
                <xsl:otherwise>
                  <xsl:call-template name="msg">
                    <xsl:with-param name="k" select="'measure.replaces'"/>
                  </xsl:call-template>
                </xsl:otherwise>
              </xsl:choose>
            </p>
          </xsl:if>
          <xsl:if test="steps/step">
            <div class="steps">
              <p class="steps-title">
                <xsl:call-template name="msg">
                  <xsl:with-param name="k" select="'measure.steps'"/>
                </xsl:call-template>
              </p>
              <ol class="step-list">
                <xsl:for-each select="steps/step">
                  <xsl:sort select="@pos" data-type="number"/>
                  <li dir="auto"><xsl:value-of select="."/></li>
                </xsl:for-each>
              </ol>
            </div>
          </xsl:if>
          <xsl:if test="string(@editable-until) != ''">
            <p class="small measure-editable">
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="'measure.editable-until'"/>
                <xsl:with-param name="a1">
                  <xsl:call-template name="datetime">
                    <xsl:with-param name="v" select="string(@editable-until)"/>
                    <xsl:with-param name="part" select="'time'"/>
                  </xsl:call-template>
                </xsl:with-param>
              </xsl:call-template>
            </p>
          </xsl:if>
        </td>
        <td>
          <xsl:call-template name="cell-label">
            <xsl:with-param name="k" select="'measure.actor'"/>
          </xsl:call-template>
          <xsl:call-template name="measure-actor"/>
        </td>
        <td>
          <xsl:call-template name="cell-label">
            <xsl:with-param name="k" select="'measure.start'"/>
          </xsl:call-template>
          <xsl:call-template name="datetime">
            <xsl:with-param name="v" select="string(@start)"/>
          </xsl:call-template>
        </td>
        <td>
          <xsl:call-template name="cell-label">
            <xsl:with-param name="k" select="'measure.evaluate-by'"/>
          </xsl:call-template>
          <xsl:call-template name="datetime">
            <xsl:with-param name="v" select="string(@evaluate-by)"/>
          </xsl:call-template>
          <xsl:if test="@overdue = '1'">
            <xsl:text> </xsl:text>
            <strong class="overdue">
              <span class="warning-icon" aria-hidden="true">!</span>
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="'measure.overdue'"/>
              </xsl:call-template>
            </strong>
          </xsl:if>
        </td>
        <td>
          <xsl:call-template name="cell-label">
            <xsl:with-param name="k" select="'measure.status'"/>
          </xsl:call-template>
          <span class="badge badge-status-{@status}">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="concat('status.measure.', @status)"/>
            </xsl:call-template>
          </span>
        </td>
      </tr>
      <xsl:if test="evaluation or $acts">
        <tr class="measure-more">
          <td colspan="5">
            <xsl:apply-templates select="evaluation" mode="log"/>
            <xsl:call-template name="actions-for">
              <xsl:with-param name="for" select="$mid"/>
            </xsl:call-template>
          </td>
        </tr>
      </xsl:if>
    </tbody>
  </xsl:template>

  <xsl:template name="cell-label">
    <xsl:param name="k"/>
    <span class="cell-label" aria-hidden="true">
      <xsl:call-template name="msg">
        <xsl:with-param name="k" select="$k"/>
      </xsl:call-template>
    </span>
  </xsl:template>

  <!-- Who is responsible for a measure (context: the measure). -->
  <xsl:template name="measure-actor">
    <xsl:choose>
      <xsl:when test="string(@actor-name) != ''">
        <xsl:value-of select="@actor-name"/>
        <xsl:if test="@actor-kind = 'guardian' or @actor-kind = 'child'">
          <xsl:text> </xsl:text>
          <span class="muted">
            <xsl:text>(</xsl:text>
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="concat('actor.kind.', @actor-kind)"/>
            </xsl:call-template>
            <xsl:text>)</xsl:text>
          </span>
        </xsl:if>
      </xsl:when>
      <xsl:when test="@actor-kind = 'child'">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'actor.child'"/>
        </xsl:call-template>
      </xsl:when>
      <!-- a home measure held by all the guardians together -->
      <xsl:when test="@actor-kind = 'guardian'">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'actor.guardians'"/>
        </xsl:call-template>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="evaluation" mode="log">
    <div class="evaluation">
      <p class="evaluation-title">
        <strong>
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'evaluation.title'"/>
          </xsl:call-template>
        </strong>
        <xsl:if test="@created">
          <xsl:text> </xsl:text>
          <xsl:call-template name="datetime">
            <xsl:with-param name="v" select="string(@created)"/>
                    <xsl:with-param name="part" select="'date'"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:if test="string(@by) != ''">
          <xsl:text> </xsl:text>
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'evaluation.by'"/>
            <xsl:with-param name="a1" select="string(@by)"/>
          </xsl:call-template>
        </xsl:if>
      </p>
      <dl class="mini-details">
        <xsl:if test="@effective">
          <div>
            <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'evaluation.effective'"/></xsl:call-template></dt>
            <dd>
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="concat('option.effective.', @effective)"/>
              </xsl:call-template>
            </dd>
          </div>
        </xsl:if>
        <xsl:if test="family-view">
          <div>
            <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'evaluation.family-view'"/></xsl:call-template></dt>
            <dd class="text" dir="auto"><xsl:value-of select="family-view"/></dd>
          </div>
        </xsl:if>
        <xsl:if test="@decision">
          <div>
            <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'evaluation.decision'"/></xsl:call-template></dt>
            <dd>
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="concat('option.decision.', @decision)"/>
              </xsl:call-template>
            </dd>
          </div>
        </xsl:if>
      </dl>
    </div>
  </xsl:template>

  <!-- ======================================================= bright spots -->

  <xsl:template name="bright-spots">
    <section class="panel bright-spots" id="bright-spots" aria-labelledby="h-bright-spots">
      <h2 id="h-bright-spots">
        <span class="sun" aria-hidden="true">☀</span>
        <xsl:text> </xsl:text>
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'log.bright-spots'"/>
        </xsl:call-template>
      </h2>
      <p class="small">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'bright-spots.intro'"/>
        </xsl:call-template>
      </p>
      <xsl:call-template name="log-action">
        <xsl:with-param name="name" select="'add-bright-spot'"/>
      </xsl:call-template>
      <xsl:choose>
        <xsl:when test="bright-spots/bright-spot">
          <xsl:for-each select="bright-spots">
            <xsl:call-template name="older-page">
              <xsl:with-param name="k" select="'bright-spots.older'"/>
            </xsl:call-template>
          </xsl:for-each>
          <ul class="bright-spot-list">
            <xsl:for-each select="bright-spots/bright-spot">
              <li class="bright-spot" id="bright-spot-{@id}">
                <p class="text bright-spot-text" dir="auto"><xsl:value-of select="text"/></p>
                <p class="byline">
                  <xsl:if test="string(@author-name) != ''">
                    <span class="author" dir="auto"><xsl:value-of select="@author-name"/></span>
                    <xsl:text>, </xsl:text>
                  </xsl:if>
                  <xsl:call-template name="datetime">
                    <xsl:with-param name="v" select="string(@created)"/>
                    <xsl:with-param name="part" select="'date'"/>
                  </xsl:call-template>
                  <xsl:if test="string(@updated) != ''">
                    <xsl:text> (</xsl:text>
                    <xsl:call-template name="msg">
                      <xsl:with-param name="k" select="'bright-spot.updated'"/>
                      <xsl:with-param name="a1">
                        <xsl:call-template name="datetime">
                          <xsl:with-param name="v" select="string(@updated)"/>
                          <xsl:with-param name="part" select="'date'"/>
                        </xsl:call-template>
                      </xsl:with-param>
                    </xsl:call-template>
                    <xsl:text>)</xsl:text>
                  </xsl:if>
                  <xsl:if test="@mine = '1'">
                    <xsl:text> </xsl:text>
                    <span class="tag tag-small">
                      <xsl:call-template name="msg">
                        <xsl:with-param name="k" select="'bright-spot.mine'"/>
                      </xsl:call-template>
                    </span>
                  </xsl:if>
                </p>
                <xsl:call-template name="actions-for">
                  <xsl:with-param name="for" select="concat('bright-spot-', @id)"/>
                </xsl:call-template>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:when test="bright-spots">
          <p class="empty">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'bright-spots.none'"/>
            </xsl:call-template>
          </p>
        </xsl:when>
      </xsl:choose>
      <xsl:call-template name="paging">
        <xsl:with-param name="for" select="'bright-spots'"/>
      </xsl:call-template>
    </section>
  </xsl:template>

  <!-- A list that comes one page at a time (bright spots, notes, readers):
       on an older page a line says so; then the links to the older ones
       and back to the newest (actions for="bright-spots", "notes",
       "readers"; the C side offers only those that lead somewhere). -->
  <xsl:template name="paging">
    <xsl:param name="for"/>
    <xsl:variable name="links" select="key('actions-for', $for)"/>
    <xsl:if test="$links">
      <ul class="action-links paging paging-{$for}">
        <xsl:for-each select="$links">
          <li><xsl:apply-templates select="." mode="action"/></li>
        </xsl:for-each>
      </ul>
    </xsl:if>
  </xsl:template>

  <!-- "Older bright spots/notes": said above a list that is not the newest. -->
  <xsl:template name="older-page">
    <xsl:param name="k"/>
    <xsl:if test="@older = '1'">
      <p class="small paging-older">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="$k"/>
        </xsl:call-template>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================= notes -->

  <xsl:template match="note" mode="log">
    <li id="note-{@id}">
      <xsl:attribute name="class">
        <xsl:text>note</xsl:text>
        <xsl:if test="@private = '1'"> note-private</xsl:if>
      </xsl:attribute>
      <xsl:if test="@private = '1'">
        <p class="note-private-label">
          <strong>
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'note.private'"/>
            </xsl:call-template>
          </strong>
        </p>
      </xsl:if>
      <p class="text note-text" dir="auto"><xsl:value-of select="text"/></p>
      <xsl:call-template name="attachment-link"/>
      <p class="byline">
        <xsl:if test="string(@author-name) != ''">
          <span class="author" dir="auto"><xsl:value-of select="@author-name"/></span>
          <xsl:text>, </xsl:text>
        </xsl:if>
        <xsl:call-template name="datetime">
          <xsl:with-param name="v" select="string(@created)"/>
        </xsl:call-template>
        <!-- a note under "Notes" that belongs to a concern says which -->
        <xsl:if test="string(@concern-id) != '' and not(parent::concern)">
          <xsl:variable name="concern" select="key('concern-by-id', @concern-id)"/>
          <xsl:if test="$concern">
            <xsl:text> · </xsl:text>
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'note.concern'"/>
              <xsl:with-param name="a1">
                <a href="#concern-{$concern/@id}"><xsl:value-of select="$concern/@category"/></a>
              </xsl:with-param>
            </xsl:call-template>
          </xsl:if>
        </xsl:if>
      </p>
      <xsl:call-template name="actions-for">
        <xsl:with-param name="for" select="concat('note-', @id)"/>
      </xsl:call-template>
    </li>
  </xsl:template>

  <!-- ========================================================== meetings -->

  <xsl:template match="meeting" mode="log">
    <div class="meeting" id="meeting-{@id}" aria-labelledby="h-meeting-{@id}">
      <xsl:if test="@cancelled = '1'">
        <p class="tag">
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'meeting.cancelled'"/>
          </xsl:call-template>
        </p>
      </xsl:if>
      <h3 id="h-meeting-{@id}">
        <xsl:call-template name="datetime">
          <xsl:with-param name="v" select="string(@at)"/>
        </xsl:call-template>
        <xsl:if test="string(@place) != ''">
          <xsl:text> – </xsl:text>
          <bdi><xsl:value-of select="@place"/></bdi>
        </xsl:if>
      </h3>
      <dl class="mini-details">
        <xsl:if test="participants">
          <div>
            <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'meeting.participants'"/></xsl:call-template></dt>
            <dd class="text" dir="auto"><xsl:value-of select="participants"/></dd>
          </div>
        </xsl:if>
        <xsl:if test="agenda">
          <div>
            <dt><xsl:call-template name="msg"><xsl:with-param name="k" select="'meeting.agenda'"/></xsl:call-template></dt>
            <dd class="text" dir="auto"><xsl:value-of select="agenda"/></dd>
          </div>
        </xsl:if>
      </dl>
      <xsl:call-template name="actions-for">
        <xsl:with-param name="for" select="concat('meeting-', @id)"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <!-- ============================================================ grants -->

  <xsl:template name="grants">
    <section class="panel access" id="access" aria-labelledby="h-access">
      <h2 id="h-access">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'log.grants'"/>
        </xsl:call-template>
      </h2>
      <p class="small">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'grants.intro'"/>
        </xsl:call-template>
      </p>
      <xsl:choose>
        <xsl:when test="grants/grant">
          <table class="table grants stack" aria-labelledby="h-access">
            <thead>
              <tr>
                <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'grant.name'"/></xsl:call-template></th>
                <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'grant.scope'"/></xsl:call-template></th>
                <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'grant.history'"/></xsl:call-template></th>
                <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'grant.expires'"/></xsl:call-template></th>
                <xsl:if test="$grant-actions">
                  <th scope="col" class="col-actions">
                    <span class="visually-hidden">
                      <xsl:call-template name="msg">
                        <xsl:with-param name="k" select="'grant.actions'"/>
                      </xsl:call-template>
                    </span>
                  </th>
                </xsl:if>
              </tr>
            </thead>
            <tbody>
              <xsl:apply-templates select="grants/grant" mode="log"/>
            </tbody>
          </table>
        </xsl:when>
        <xsl:when test="grants">
          <p class="empty">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'grants.none'"/>
            </xsl:call-template>
          </p>
        </xsl:when>
      </xsl:choose>
      <xsl:call-template name="log-action">
        <xsl:with-param name="name" select="'add-grant'"/>
      </xsl:call-template>
      <xsl:apply-templates select="readers" mode="log"/>
      <xsl:apply-templates select="archive-copies" mode="log"/>
    </section>
  </xsl:template>

  <xsl:template match="grant" mode="log">
    <xsl:variable name="gid" select="concat('grant-', @id)"/>
    <tr id="{$gid}">
      <xsl:if test="@expired = '1'">
        <xsl:attribute name="class">grant-expired</xsl:attribute>
      </xsl:if>
      <th scope="row" dir="auto">
        <xsl:value-of select="@name"/>
        <xsl:if test="string(@uid) != '' and string(@name) = ''">
          <xsl:value-of select="@uid"/>
        </xsl:if>
      </th>
      <td>
        <xsl:call-template name="cell-label">
          <xsl:with-param name="k" select="'grant.scope'"/>
        </xsl:call-template>
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="concat('option.scope.', @scope)"/>
        </xsl:call-template>
        <xsl:if test="item and @scope != 'all'">
          <xsl:text>: </xsl:text>
          <xsl:for-each select="item">
            <xsl:if test="position() &gt; 1">, </xsl:if>
            <bdi><xsl:value-of select="@name"/></bdi>
          </xsl:for-each>
        </xsl:if>
      </td>
      <td>
        <xsl:call-template name="cell-label">
          <xsl:with-param name="k" select="'grant.history'"/>
        </xsl:call-template>
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="concat('option.history.', @history)"/>
        </xsl:call-template>
      </td>
      <td>
        <xsl:call-template name="cell-label">
          <xsl:with-param name="k" select="'grant.expires'"/>
        </xsl:call-template>
        <xsl:choose>
          <xsl:when test="string(@expires) != ''">
            <xsl:call-template name="datetime">
              <xsl:with-param name="v" select="string(@expires)"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'grant.no-expiry'"/>
            </xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:if test="@expired = '1'">
          <xsl:text> </xsl:text>
          <strong class="badge badge-danger">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'grant.expired'"/>
            </xsl:call-template>
          </strong>
        </xsl:if>
      </td>
      <xsl:if test="$grant-actions">
        <td class="cell-actions">
          <xsl:variable name="who" select="string(@name)"/>
          <!-- revoking asks once more, without JavaScript: the button is
               inside a disclosure that says what happens -->
          <xsl:for-each select="key('actions-for', $gid)">
            <xsl:choose>
              <xsl:when test="@name = 'revoke-grant' and not(field[not(@type = 'hidden')])">
                <xsl:apply-templates select="." mode="confirm">
                  <xsl:with-param name="extra" select="$who"/>
                  <xsl:with-param name="text">
                    <xsl:call-template name="msg">
                      <xsl:with-param name="k" select="'grant.revoke.confirm'"/>
                      <xsl:with-param name="a1">
                        <strong><xsl:value-of select="$who"/></strong>
                      </xsl:with-param>
                    </xsl:call-template>
                  </xsl:with-param>
                </xsl:apply-templates>
              </xsl:when>
              <xsl:otherwise>
                <xsl:apply-templates select="." mode="disclosed">
                  <xsl:with-param name="extra" select="$who"/>
                </xsl:apply-templates>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
        </td>
      </xsl:if>
    </tr>
  </xsl:template>

  <!-- An action that cannot be undone asks once more, without JavaScript:
       its button is inside a disclosure that says what happens ($text). -->
  <xsl:template match="action" mode="confirm">
    <xsl:param name="text"/>
    <xsl:param name="extra"/>
    <details class="disclosure disclosure-confirm disclosure-{@name}">
      <xsl:if test="error">
        <xsl:attribute name="open">open</xsl:attribute>
      </xsl:if>
      <summary>
        <xsl:call-template name="msg-or">
          <xsl:with-param name="k" select="concat('action.', @name, '.open')"/>
          <xsl:with-param name="fallback" select="concat('action.', @name)"/>
        </xsl:call-template>
        <xsl:call-template name="hidden-extra">
          <xsl:with-param name="extra" select="$extra"/>
        </xsl:call-template>
      </summary>
      <div class="disclosure-body">
        <p><xsl:copy-of select="$text"/></p>
        <xsl:apply-templates select="." mode="action">
          <xsl:with-param name="class" select="'inline-action'"/>
          <xsl:with-param name="button-class" select="'button button-danger'"/>
          <xsl:with-param name="extra" select="$extra"/>
        </xsl:apply-templates>
      </div>
    </details>
  </xsl:template>

  <!-- Who has read the log (<readers><reader name last count/>), from the
       audit: shown to the holder and the family. -->
  <xsl:template match="readers" mode="log">
    <h3 id="h-readers">
      <xsl:call-template name="msg">
        <xsl:with-param name="k" select="'log.readers'"/>
      </xsl:call-template>
    </h3>
    <xsl:choose>
      <xsl:when test="reader">
        <table class="table readers stack" aria-labelledby="h-readers">
          <thead>
            <tr>
              <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'reader.name'"/></xsl:call-template></th>
              <th scope="col"><xsl:call-template name="msg"><xsl:with-param name="k" select="'reader.last'"/></xsl:call-template></th>
              <th scope="col" class="num"><xsl:call-template name="msg"><xsl:with-param name="k" select="'reader.count'"/></xsl:call-template></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="reader">
              <tr>
                <th scope="row" dir="auto"><xsl:value-of select="@name"/></th>
                <td>
                  <xsl:call-template name="cell-label">
                    <xsl:with-param name="k" select="'reader.last'"/>
                  </xsl:call-template>
                  <xsl:call-template name="datetime">
                    <xsl:with-param name="v" select="string(@last)"/>
                  </xsl:call-template>
                </td>
                <td class="num">
                  <xsl:call-template name="cell-label">
                    <xsl:with-param name="k" select="'reader.count'"/>
                  </xsl:call-template>
                  <xsl:value-of select="@count"/>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise>
        <p class="empty">
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'readers.none'"/>
          </xsl:call-template>
        </p>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="paging">
      <xsl:with-param name="for" select="'readers'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- Archive copies (<archive-copies><copy reason year created pages href/>):
       the whole log as PDF/A, for those who may see the whole log. -->
  <xsl:template match="archive-copies" mode="log">
    <h3 id="h-archive">
      <xsl:call-template name="msg"><xsl:with-param name="k" select="'log.archive'"/></xsl:call-template>
    </h3>
    <xsl:choose>
      <xsl:when test="copy">
        <ul class="archive-copies">
          <xsl:for-each select="copy">
            <li>
              <a>
                <xsl:attribute name="href">
                  <xsl:call-template name="safe-href"><xsl:with-param name="v" select="string(@href)"/></xsl:call-template>
                </xsl:attribute>
                <xsl:call-template name="msg">
                  <xsl:with-param name="k" select="concat('archive.reason.', @reason)"/>
                  <xsl:with-param name="a1" select="string(@year)"/>
                </xsl:call-template>
              </a>
              <xsl:text> – </xsl:text>
              <xsl:call-template name="datetime"><xsl:with-param name="v" select="string(@created)"/></xsl:call-template>
              <xsl:text> (PDF/A)</xsl:text>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:when>
      <xsl:otherwise>
        <p class="empty"><xsl:call-template name="msg"><xsl:with-param name="k" select="'archive.none'"/></xsl:call-template></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ========================================= option names from the data -->

  <!-- When the C side sends an option without @label, its text is found
       in the log's data. -->
  <xsl:template match="page[@view = 'log']/actions/action/field[@name = 'actor']/option" mode="option-data">
    <xsl:variable name="log" select="/page/content/log"/>
    <xsl:variable name="v" select="string(@value)"/>
    <xsl:choose>
      <xsl:when test="starts-with($v, 'staff:')">
        <xsl:variable name="p" select="$log/staff/person[@uid = substring-after($v, 'staff:')]"/>
        <xsl:value-of select="$p/@name"/>
        <xsl:if test="string($p/@unit-name) != ''">
          <xsl:value-of select="concat(' (', $p/@unit-name, ')')"/>
        </xsl:if>
      </xsl:when>
      <xsl:when test="starts-with($v, 'guardian:')">
        <xsl:variable name="g" select="$log/guardians/guardian[@id = substring-after($v, 'guardian:')]"/>
        <xsl:if test="$g">
          <xsl:value-of select="$g/@name"/>
          <xsl:text> (</xsl:text>
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'actor.kind.guardian'"/>
          </xsl:call-template>
          <xsl:text>)</xsl:text>
        </xsl:if>
      </xsl:when>
      <xsl:when test="$v = 'child'">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'actor.child'"/>
        </xsl:call-template>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page[@view = 'log']/actions/action/field[@name = 'uid']/option" mode="option-data">
    <xsl:variable name="p" select="/page/content/log/staff/person[@uid = current()/@value]"/>
    <xsl:value-of select="$p/@name"/>
    <xsl:if test="string($p/@unit-name) != ''">
      <xsl:value-of select="concat(' (', $p/@unit-name, ')')"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="page[@view = 'log']/actions/action/field[@name = 'category']/option" mode="option-data">
    <xsl:value-of select="/page/content/log/categories/category[@id = current()/@value]/@name"/>
  </xsl:template>

  <xsl:template match="page[@view = 'log']/actions/action/field[@name = 'concern']/option" mode="option-data">
    <xsl:value-of select="/page/content/log/concerns/concern[@id = current()/@value]/@category"/>
  </xsl:template>

</xsl:stylesheet>
