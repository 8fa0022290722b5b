<?xml version="1.0" encoding="UTF-8"?>
<!--
  Print layouts of a log (included by print.xsl): the agreed plan, the whole
  log and the archive copy. Everything comes from the log view (fcgi/h_log.c
  log_build, the same policy as the page), and from <history> which C adds
  for those who may see the whole log.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- The facts of the log at the top of every print of it. -->
  <xsl:template name="log-about">
    <xsl:param name="full"/>
    <table widths="30 70">
      <xsl:call-template name="kv">
        <xsl:with-param name="k" select="'log.born'"/>
        <xsl:with-param name="v">
          <xsl:call-template name="d"><xsl:with-param name="v" select="$log/child/@birth-date"/></xsl:call-template>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="kv">
        <xsl:with-param name="k" select="'log.nin'"/>
        <xsl:with-param name="v" select="$log/child/@nin"/>
      </xsl:call-template>
      <xsl:call-template name="kv">
        <xsl:with-param name="k" select="'log.address'"/>
        <xsl:with-param name="v" select="$log/child/address"/>
      </xsl:call-template>
      <xsl:call-template name="kv">
        <xsl:with-param name="k" select="'log.unit'"/>
        <xsl:with-param name="v" select="$log/@unit-name"/>
      </xsl:call-template>
      <xsl:call-template name="kv">
        <xsl:with-param name="k" select="'log.holder'"/>
        <xsl:with-param name="v" select="$log/@holder-name"/>
      </xsl:call-template>
      <xsl:call-template name="kv">
        <xsl:with-param name="k" select="'log.level'"/>
        <xsl:with-param name="v">
          <xsl:call-template name="t"><xsl:with-param name="k" select="concat('option.level.', $log/@level)"/></xsl:call-template>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:if test="$full">
        <xsl:call-template name="kv">
          <xsl:with-param name="k" select="'log.status'"/>
          <xsl:with-param name="v">
            <xsl:call-template name="t"><xsl:with-param name="k" select="concat('status.log.', $log/@status)"/></xsl:call-template>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="kv">
          <xsl:with-param name="k" select="'log.created'"/>
          <xsl:with-param name="v">
            <xsl:call-template name="d"><xsl:with-param name="v" select="$log/@created"/></xsl:call-template>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:if>
    </table>
  </xsl:template>

  <!-- Where the reader sees only part of the concerns, the print says so. -->
  <xsl:template name="concerns-access">
    <xsl:choose>
      <xsl:when test="$log/concerns/@access = 'none'">
        <p class="muted"><xsl:call-template name="t"><xsl:with-param name="k" select="'log.concerns.no-access'"/></xsl:call-template></p>
      </xsl:when>
      <xsl:when test="$log/concerns/@access = 'partial'">
        <p class="muted"><xsl:call-template name="t"><xsl:with-param name="k" select="'log.concerns.partial'"/></xsl:call-template></p>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ plan -->

  <xsl:template name="print-plan">
    <xsl:param name="title"/>
    <h level="1"><xsl:value-of select="concat($title, ' – ', $log/child/@name)"/></h>
    <xsl:call-template name="log-about"/>
    <xsl:call-template name="concerns-access"/>
    <xsl:for-each select="$log/concerns/concern[@status = 'active']">
      <xsl:call-template name="concern">
        <xsl:with-param name="measures" select="measure[@status = 'active']"/>
        <xsl:with-param name="full" select="false()"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:if test="not($log/concerns/concern[@status = 'active'])">
      <p><xsl:call-template name="t"><xsl:with-param name="k" select="'log.no-concerns'"/></xsl:call-template></p>
    </xsl:if>
  </xsl:template>

  <!-- One concern: heading, description, goal, then its measures. -->
  <xsl:template name="concern">
    <xsl:param name="measures"/>
    <xsl:param name="full"/>
    <h level="2">
      <xsl:value-of select="@category"/>
      <xsl:text> – </xsl:text>
      <xsl:call-template name="t">
        <xsl:with-param name="k" select="'concern.registered'"/>
        <xsl:with-param name="a1">
          <xsl:call-template name="d"><xsl:with-param name="v" select="@registered"/></xsl:call-template>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:if test="$full">
        <xsl:text> (</xsl:text>
        <xsl:call-template name="t"><xsl:with-param name="k" select="concat('status.concern.', @status)"/></xsl:call-template>
        <xsl:text>)</xsl:text>
      </xsl:if>
    </h>
    <table widths="24 76">
      <xsl:call-template name="kv">
        <xsl:with-param name="k" select="'concern.description'"/>
        <xsl:with-param name="v" select="description"/>
      </xsl:call-template>
      <xsl:call-template name="kv">
        <xsl:with-param name="k" select="'concern.goal'"/>
        <xsl:with-param name="v" select="goal"/>
      </xsl:call-template>
      <xsl:if test="$full">
        <xsl:call-template name="kv">
          <xsl:with-param name="k" select="'concern.maintaining'"/>
          <xsl:with-param name="v" select="maintaining"/>
        </xsl:call-template>
        <xsl:call-template name="kv">
          <xsl:with-param name="k" select="'concern.discussed'"/>
          <xsl:with-param name="v">
            <xsl:for-each select="@discussed-leader[. = '1'] | @discussed-guardians[. = '1'] | @discussed-child[. = '1']">
              <xsl:if test="position() &gt; 1">, </xsl:if>
              <xsl:call-template name="t"><xsl:with-param name="k" select="concat('concern.', name())"/></xsl:call-template>
            </xsl:for-each>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:if>
    </table>
    <xsl:for-each select="$measures">
      <xsl:call-template name="measure">
        <xsl:with-param name="n" select="position()"/>
        <xsl:with-param name="full" select="$full"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:if test="not($measures)">
      <p class="muted"><xsl:call-template name="t"><xsl:with-param name="k" select="'concern.no-measures'"/></xsl:call-template></p>
    </xsl:if>
  </xsl:template>

  <!-- A measure: a heading kept with its table (actor, steps, dates). -->
  <xsl:template name="measure">
    <xsl:param name="n"/>
    <xsl:param name="full"/>
    <h level="3">
      <xsl:call-template name="t"><xsl:with-param name="k" select="'measure.text'"/></xsl:call-template>
      <xsl:value-of select="concat(' ', $n, ': ')"/>
      <xsl:call-template name="t"><xsl:with-param name="k" select="concat('option.kind.', @kind)"/></xsl:call-template>
      <xsl:if test="$full and @status != 'active'">
        <xsl:text> (</xsl:text>
        <xsl:call-template name="t"><xsl:with-param name="k" select="concat('status.measure.', @status)"/></xsl:call-template>
        <xsl:text>)</xsl:text>
      </xsl:if>
    </h>
    <table widths="24 76">
      <xsl:call-template name="kv">
        <xsl:with-param name="k" select="'measure.text'"/>
        <xsl:with-param name="v" select="text"/>
      </xsl:call-template>
      <xsl:call-template name="kv">
        <xsl:with-param name="k" select="'measure.actor'"/>
        <xsl:with-param name="v">
          <xsl:value-of select="@actor-name"/>
          <xsl:if test="string(@actor-name) = '' and @actor-kind = 'guardian'">
            <xsl:call-template name="t"><xsl:with-param name="k" select="'actor.guardians'"/></xsl:call-template>
          </xsl:if>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:if test="steps/step">
        <xsl:call-template name="kv">
          <xsl:with-param name="k" select="'measure.steps'"/>
          <xsl:with-param name="v">
            <xsl:for-each select="steps/step">
              <xsl:sort select="@pos" data-type="number"/>
              <xsl:if test="position() &gt; 1"><xsl:text>&#10;</xsl:text></xsl:if>
              <xsl:value-of select="concat(position(), '. ', .)"/>
            </xsl:for-each>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:if>
      <xsl:call-template name="kv">
        <xsl:with-param name="k" select="'measure.start'"/>
        <xsl:with-param name="v">
          <xsl:call-template name="d"><xsl:with-param name="v" select="@start"/></xsl:call-template>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="kv">
        <xsl:with-param name="k" select="'measure.evaluate-by'"/>
        <xsl:with-param name="v">
          <xsl:call-template name="d"><xsl:with-param name="v" select="@evaluate-by"/></xsl:call-template>
          <xsl:if test="@overdue = '1'">
            <xsl:text> – </xsl:text>
            <xsl:call-template name="t"><xsl:with-param name="k" select="'measure.overdue'"/></xsl:call-template>
          </xsl:if>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:if test="$full and string(@replaces) != ''">
        <row><cell/><cell><xsl:call-template name="t"><xsl:with-param name="k" select="'measure.replaces'"/></xsl:call-template></cell></row>
      </xsl:if>
      <xsl:if test="$full">
        <xsl:for-each select="evaluation">
          <xsl:call-template name="kv">
            <xsl:with-param name="k" select="'evaluation.title'"/>
            <xsl:with-param name="v">
              <xsl:call-template name="d"><xsl:with-param name="v" select="@created"/></xsl:call-template>
              <xsl:text> </xsl:text>
              <xsl:call-template name="t">
                <xsl:with-param name="k" select="'evaluation.by'"/>
                <xsl:with-param name="a1" select="string(@by)"/>
              </xsl:call-template>
              <xsl:text>: </xsl:text>
              <xsl:call-template name="t"><xsl:with-param name="k" select="concat('option.effective.', @effective)"/></xsl:call-template>
              <xsl:text>. </xsl:text>
              <xsl:call-template name="t"><xsl:with-param name="k" select="concat('option.decision.', @decision)"/></xsl:call-template>
              <xsl:text>.</xsl:text>
            </xsl:with-param>
          </xsl:call-template>
          <xsl:call-template name="kv">
            <xsl:with-param name="k" select="'evaluation.family-view'"/>
            <xsl:with-param name="v" select="family-view"/>
          </xsl:call-template>
        </xsl:for-each>
      </xsl:if>
    </table>
  </xsl:template>

  <!-- ============================================================== log -->

  <xsl:template name="print-log">
    <xsl:param name="title"/>
    <h level="1"><xsl:value-of select="concat($title, ' – ', $log/child/@name)"/></h>
    <xsl:if test="$kind = 'archive'">
      <p class="muted">
        <xsl:call-template name="t">
          <xsl:with-param name="k" select="concat('print.archive.reason.', $print/@reason)"/>
          <xsl:with-param name="a1" select="string($print/@year)"/>
        </xsl:call-template>
      </p>
    </xsl:if>
    <xsl:call-template name="log-about">
      <xsl:with-param name="full" select="true()"/>
    </xsl:call-template>

    <xsl:if test="$log/guardians">
      <h level="2"><xsl:call-template name="t"><xsl:with-param name="k" select="'log.guardians'"/></xsl:call-template></h>
      <xsl:choose>
        <xsl:when test="$log/guardians/guardian">
          <table widths="34 46 20">
            <row header="1">
              <cell><xsl:call-template name="t"><xsl:with-param name="k" select="'grant.name'"/></xsl:call-template></cell>
              <cell><xsl:call-template name="t"><xsl:with-param name="k" select="'guardian.email'"/></xsl:call-template></cell>
              <cell><xsl:call-template name="t"><xsl:with-param name="k" select="'guardian.phone'"/></xsl:call-template></cell>
            </row>
            <xsl:for-each select="$log/guardians/guardian">
              <row><cell dir="auto"><xsl:value-of select="@name"/></cell><cell><xsl:value-of select="@email"/></cell><cell><xsl:value-of select="@phone"/></cell></row>
            </xsl:for-each>
          </table>
        </xsl:when>
        <xsl:otherwise>
          <p><xsl:call-template name="t"><xsl:with-param name="k" select="'log.guardians.none'"/></xsl:call-template></p>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>

    <xsl:if test="$log/consents">
      <h level="2"><xsl:call-template name="t"><xsl:with-param name="k" select="'log.consents'"/></xsl:call-template></h>
      <xsl:call-template name="consent-table">
        <xsl:with-param name="rows" select="$log/consents/consent"/>
      </xsl:call-template>
    </xsl:if>

    <h level="2"><xsl:call-template name="t"><xsl:with-param name="k" select="'log.concerns'"/></xsl:call-template></h>
    <xsl:call-template name="concerns-access"/>
    <xsl:for-each select="$log/concerns/concern">
      <xsl:call-template name="concern">
        <xsl:with-param name="measures" select="measure"/>
        <xsl:with-param name="full" select="true()"/>
      </xsl:call-template>
    </xsl:for-each>

    <xsl:if test="$log/notes">
      <h level="2"><xsl:call-template name="t"><xsl:with-param name="k" select="'log.notes'"/></xsl:call-template></h>
      <xsl:call-template name="dated-table">
        <xsl:with-param name="rows" select="$log/notes/note"/>
        <xsl:with-param name="none" select="'notes.none'"/>
      </xsl:call-template>
    </xsl:if>

    <h level="2"><xsl:call-template name="t"><xsl:with-param name="k" select="'log.bright-spots'"/></xsl:call-template></h>
    <xsl:call-template name="dated-table">
      <xsl:with-param name="rows" select="$log/bright-spots/bright-spot"/>
      <xsl:with-param name="none" select="'bright-spots.none'"/>
    </xsl:call-template>

    <xsl:if test="$log/meetings">
      <h level="2"><xsl:call-template name="t"><xsl:with-param name="k" select="'log.meetings'"/></xsl:call-template></h>
      <xsl:for-each select="$log/meetings/meeting">
        <keep>
          <h level="3">
            <xsl:call-template name="dt"><xsl:with-param name="v" select="@at"/></xsl:call-template>
            <xsl:value-of select="concat(' – ', @place)"/>
          </h>
          <table widths="24 76">
            <xsl:call-template name="kv">
              <xsl:with-param name="k" select="'meeting.participants'"/>
              <xsl:with-param name="v" select="participants"/>
            </xsl:call-template>
            <xsl:call-template name="kv">
              <xsl:with-param name="k" select="'meeting.agenda'"/>
              <xsl:with-param name="v" select="agenda"/>
            </xsl:call-template>
          </table>
        </keep>
      </xsl:for-each>
      <xsl:if test="not($log/meetings/meeting)">
        <p><xsl:call-template name="t"><xsl:with-param name="k" select="'meetings.none'"/></xsl:call-template></p>
      </xsl:if>
    </xsl:if>

    <xsl:if test="$log/grants">
      <h level="2"><xsl:call-template name="t"><xsl:with-param name="k" select="'log.grants'"/></xsl:call-template></h>
      <xsl:call-template name="grant-table">
        <xsl:with-param name="rows" select="$log/grants/grant"/>
      </xsl:call-template>
    </xsl:if>

    <xsl:if test="$log/history">
      <h level="2"><xsl:call-template name="t"><xsl:with-param name="k" select="'print.history'"/></xsl:call-template></h>
      <h level="3"><xsl:call-template name="t"><xsl:with-param name="k" select="'print.history.holders'"/></xsl:call-template></h>
      <table widths="25 45 30">
        <row header="1">
          <cell><xsl:call-template name="t"><xsl:with-param name="k" select="'print.when'"/></xsl:call-template></cell>
          <cell><xsl:call-template name="t"><xsl:with-param name="k" select="'log.holder'"/></xsl:call-template></cell>
          <cell><xsl:call-template name="t"><xsl:with-param name="k" select="'print.event'"/></xsl:call-template></cell>
        </row>
        <xsl:for-each select="$log/history/holder">
          <row>
            <cell><xsl:call-template name="dt"><xsl:with-param name="v" select="@at"/></xsl:call-template></cell>
            <cell dir="auto"><xsl:value-of select="@name"/></cell>
            <cell><xsl:call-template name="t"><xsl:with-param name="k" select="concat('print.event.', @event)"/></xsl:call-template></cell>
          </row>
        </xsl:for-each>
      </table>
      <h level="3"><xsl:call-template name="t"><xsl:with-param name="k" select="'print.history.consents'"/></xsl:call-template></h>
      <xsl:call-template name="consent-table">
        <xsl:with-param name="rows" select="$log/history/consent"/>
      </xsl:call-template>
      <h level="3"><xsl:call-template name="t"><xsl:with-param name="k" select="'print.history.grants'"/></xsl:call-template></h>
      <xsl:call-template name="grant-table">
        <xsl:with-param name="rows" select="$log/history/grant"/>
      </xsl:call-template>
    </xsl:if>

    <xsl:if test="$log/readers">
      <h level="2"><xsl:call-template name="t"><xsl:with-param name="k" select="'log.readers'"/></xsl:call-template></h>
      <table widths="50 30 20">
        <row header="1">
          <cell><xsl:call-template name="t"><xsl:with-param name="k" select="'reader.name'"/></xsl:call-template></cell>
          <cell><xsl:call-template name="t"><xsl:with-param name="k" select="'reader.last'"/></xsl:call-template></cell>
          <cell><xsl:call-template name="t"><xsl:with-param name="k" select="'reader.count'"/></xsl:call-template></cell>
        </row>
        <xsl:for-each select="$log/readers/reader">
          <row>
            <cell dir="auto"><xsl:value-of select="@name"/></cell>
            <cell><xsl:call-template name="dt"><xsl:with-param name="v" select="@last"/></xsl:call-template></cell>
            <cell><xsl:value-of select="@count"/></cell>
          </row>
        </xsl:for-each>
      </table>
    </xsl:if>
  </xsl:template>

  <!-- Notes and bright spots: date and author beside the text. -->
  <xsl:template name="dated-table">
    <xsl:param name="rows"/>
    <xsl:param name="none"/>
    <xsl:choose>
      <xsl:when test="$rows">
        <table widths="24 76">
          <xsl:for-each select="$rows">
            <row>
              <cell class="small">
                <xsl:call-template name="dt"><xsl:with-param name="v" select="@created"/></xsl:call-template>
                <xsl:text>&#10;</xsl:text>
                <xsl:value-of select="@author-name"/>
                <xsl:if test="@private = '1'">
                  <xsl:text>&#10;</xsl:text>
                  <xsl:call-template name="t"><xsl:with-param name="k" select="'note.private'"/></xsl:call-template>
                </xsl:if>
                <xsl:if test="string(@concern-id) != '' and $log/concerns/concern[@id = current()/@concern-id]">
                  <xsl:text>&#10;</xsl:text>
                  <xsl:call-template name="t">
                    <xsl:with-param name="k" select="'note.concern'"/>
                    <xsl:with-param name="a1" select="string($log/concerns/concern[@id = current()/@concern-id]/@category)"/>
                  </xsl:call-template>
                </xsl:if>
              </cell>
              <cell dir="auto"><xsl:value-of select="text"/></cell>
            </row>
          </xsl:for-each>
        </table>
      </xsl:when>
      <xsl:otherwise>
        <p><xsl:call-template name="t"><xsl:with-param name="k" select="$none"/></xsl:call-template></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="consent-table">
    <xsl:param name="rows"/>
    <xsl:choose>
      <xsl:when test="$rows">
        <table widths="26 16 16 42">
          <row header="1">
            <cell><xsl:call-template name="t"><xsl:with-param name="k" select="'consent.given-by'"/></xsl:call-template></cell>
            <cell><xsl:call-template name="t"><xsl:with-param name="k" select="'consent.given-at'"/></xsl:call-template></cell>
            <cell><xsl:call-template name="t"><xsl:with-param name="k" select="'consent.expires'"/></xsl:call-template></cell>
            <cell><xsl:call-template name="t"><xsl:with-param name="k" select="'consent.scope'"/></xsl:call-template></cell>
          </row>
          <xsl:for-each select="$rows">
            <row>
              <cell dir="auto"><xsl:value-of select="@given-by-name"/></cell>
              <cell><xsl:call-template name="d"><xsl:with-param name="v" select="@given-at"/></xsl:call-template></cell>
              <cell>
                <xsl:choose>
                  <xsl:when test="string(@expires) != ''">
                    <xsl:call-template name="d"><xsl:with-param name="v" select="@expires"/></xsl:call-template>
                  </xsl:when>
                  <xsl:otherwise><xsl:call-template name="t"><xsl:with-param name="k" select="'consent.no-expiry'"/></xsl:call-template></xsl:otherwise>
                </xsl:choose>
                <xsl:if test="string(@withdrawn) != ''">
                  <xsl:text>&#10;</xsl:text>
                  <xsl:call-template name="t">
                    <xsl:with-param name="k" select="'print.withdrawn'"/>
                    <xsl:with-param name="a1"><xsl:call-template name="d"><xsl:with-param name="v" select="@withdrawn"/></xsl:call-template></xsl:with-param>
                  </xsl:call-template>
                </xsl:if>
              </cell>
              <cell dir="auto"><xsl:value-of select="scope"/></cell>
            </row>
          </xsl:for-each>
        </table>
      </xsl:when>
      <xsl:otherwise>
        <p><xsl:call-template name="t"><xsl:with-param name="k" select="'consent.none'"/></xsl:call-template></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="grant-table">
    <xsl:param name="rows"/>
    <xsl:choose>
      <xsl:when test="$rows">
        <table widths="30 30 40">
          <row header="1">
            <cell><xsl:call-template name="t"><xsl:with-param name="k" select="'grant.name'"/></xsl:call-template></cell>
            <cell><xsl:call-template name="t"><xsl:with-param name="k" select="'grant.scope'"/></xsl:call-template></cell>
            <cell><xsl:call-template name="t"><xsl:with-param name="k" select="'grant.expires'"/></xsl:call-template></cell>
          </row>
          <xsl:for-each select="$rows">
            <row>
              <cell dir="auto"><xsl:value-of select="@name"/></cell>
              <cell>
                <xsl:call-template name="t"><xsl:with-param name="k" select="concat('option.scope.', @scope)"/></xsl:call-template>
                <xsl:for-each select="item">
                  <xsl:value-of select="concat(substring(', ', 1 + 2 * number(position() = 1)), substring(': ', 1, 2 * number(position() = 1)), @name)"/>
                </xsl:for-each>
                <xsl:text>, </xsl:text>
                <xsl:call-template name="t"><xsl:with-param name="k" select="concat('option.history.', @history)"/></xsl:call-template>
              </cell>
              <cell>
                <xsl:if test="string(@created) != ''">
                  <xsl:call-template name="d"><xsl:with-param name="v" select="@created"/></xsl:call-template>
                  <xsl:text> – </xsl:text>
                </xsl:if>
                <xsl:choose>
                  <xsl:when test="string(@expires) != ''">
                    <xsl:call-template name="d"><xsl:with-param name="v" select="@expires"/></xsl:call-template>
                  </xsl:when>
                  <xsl:otherwise><xsl:call-template name="t"><xsl:with-param name="k" select="'grant.no-expiry'"/></xsl:call-template></xsl:otherwise>
                </xsl:choose>
                <xsl:if test="string(@revoked) != ''">
                  <xsl:text>&#10;</xsl:text>
                  <xsl:call-template name="t">
                    <xsl:with-param name="k" select="'print.revoked'"/>
                    <xsl:with-param name="a1"><xsl:call-template name="d"><xsl:with-param name="v" select="@revoked"/></xsl:call-template></xsl:with-param>
                  </xsl:call-template>
                </xsl:if>
              </cell>
            </row>
          </xsl:for-each>
        </table>
      </xsl:when>
      <xsl:otherwise>
        <p><xsl:call-template name="t"><xsl:with-param name="k" select="'grants.none'"/></xsl:call-template></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
