<?xml version="1.0" encoding="UTF-8"?>
<!--
  view="unit-staff": <unit id name/>, <staff><person uid name role may-hold
  may-act logs state logged-in/></staff> (state: active, disabled, gone); per person an action set-permissions
  (for="person-UID": hidden unit and uid, checkboxes may-hold and may-act).
  A unit leader decides who may hold logs and act on measures.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template match="page[@view = 'unit-staff']/content" mode="view">
    <p class="lead">
      <xsl:call-template name="msg">
        <xsl:with-param name="k" select="'staff.intro'"/>
        <xsl:with-param name="a1">
          <strong><xsl:value-of select="unit/@name"/></strong>
        </xsl:with-param>
      </xsl:call-template>
    </p>
    <table class="table staff stack" aria-labelledby="h-staff">
      <caption id="h-staff">
        <xsl:value-of select="unit/@name"/>
      </caption>
      <thead>
        <tr>
          <th scope="col">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'staff.name'"/>
            </xsl:call-template>
          </th>
          <th scope="col">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'staff.now'"/>
            </xsl:call-template>
          </th>
          <th scope="col" class="num">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'staff.logs'"/>
            </xsl:call-template>
          </th>
          <th scope="col">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'staff.change'"/>
            </xsl:call-template>
          </th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="staff/person">
          <tr id="person-{@uid}">
            <th scope="row">
              <bdi><xsl:value-of select="@name"/></bdi>
              <xsl:if test="@role = 'leader'">
                <xsl:text> </xsl:text>
                <span class="tag tag-small">
                  <xsl:call-template name="msg">
                    <xsl:with-param name="k" select="'role.leader'"/>
                  </xsl:call-template>
                </span>
              </xsl:if>
              <xsl:if test="@state != 'active'">
                <xsl:text> </xsl:text>
                <span class="tag tag-small tag-warn">
                  <xsl:call-template name="msg">
                    <xsl:with-param name="k" select="concat('staff.state.', @state)"/>
                  </xsl:call-template>
                </span>
              </xsl:if>
              <xsl:if test="@logged-in = '0'">
                <xsl:text> </xsl:text>
                <span class="tag tag-small">
                  <xsl:call-template name="msg">
                    <xsl:with-param name="k" select="'staff.never-logged-in'"/>
                  </xsl:call-template>
                </span>
              </xsl:if>
            </th>
            <td>
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="concat('staff.hold.', @may-hold)"/>
              </xsl:call-template>
              <xsl:text>, </xsl:text>
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="concat('staff.act.', @may-act)"/>
              </xsl:call-template>
            </td>
            <td class="num">
              <xsl:value-of select="@logs"/>
              <xsl:if test="@state != 'active' and @logs != '0'">
                <br/>
                <strong>
                  <xsl:call-template name="msg">
                    <xsl:with-param name="k" select="'staff.needs-holder'"/>
                  </xsl:call-template>
                </strong>
              </xsl:if>
            </td>
            <td>
              <xsl:call-template name="actions-for">
                <xsl:with-param name="for" select="concat('person-', @uid)"/>
              </xsl:call-template>
            </td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

</xsl:stylesheet>
