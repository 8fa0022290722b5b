<?xml version="1.0" encoding="UTF-8"?>
<!--
  view="people": <people who more count><person uid name units/></people>
  (units: the person's services, one text); the action find-person (GET
  /people: who, hidden unit and return); with return, per person an action
  pick-person (for="person-UID", a link back to the form with ?pick=UID)
  and an action return-to-form. Choosing a colleague by name, without JavaScript.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template match="page[@view = 'people']" mode="placed">find-person return-to-form</xsl:template>

  <xsl:template match="page[@view = 'people']/content" mode="view">
    <p class="lead">
      <xsl:call-template name="msg">
        <xsl:with-param name="k" select="'people.intro'"/>
      </xsl:call-template>
    </p>
    <section class="panel panel-narrow" aria-labelledby="h-find-person">
      <h2 id="h-find-person">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'action.find-person.open'"/>
        </xsl:call-template>
      </h2>
      <xsl:call-template name="action">
        <xsl:with-param name="name" select="'find-person'"/>
      </xsl:call-template>
    </section>
    <xsl:if test="people/@who">
      <table class="table people stack" aria-labelledby="h-people">
        <caption id="h-people">
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'people.results'"/>
            <xsl:with-param name="a1" select="string(people/@who)"/>
          </xsl:call-template>
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
                <xsl:with-param name="k" select="'people.service'"/>
              </xsl:call-template>
            </th>
            <th scope="col">
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="'people.uid'"/>
              </xsl:call-template>
            </th>
            <xsl:if test="../actions/action[@name = 'pick-person']">
              <th scope="col">
                <span class="visually-hidden">
                  <xsl:call-template name="msg">
                    <xsl:with-param name="k" select="'action.pick-person'"/>
                  </xsl:call-template>
                </span>
              </th>
            </xsl:if>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="people/person">
            <tr id="person-{@uid}">
              <th scope="row"><bdi><xsl:value-of select="@name"/></bdi></th>
              <td><bdi><xsl:value-of select="@units"/></bdi></td>
              <td><xsl:value-of select="@uid"/></td>
              <xsl:if test="../../../actions/action[@name = 'pick-person']">
                <td>
                  <xsl:call-template name="actions-for">
                    <xsl:with-param name="for" select="concat('person-', @uid)"/>
                  </xsl:call-template>
                </td>
              </xsl:if>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
      <xsl:if test="not(people/person)">
        <p>
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'people.none'"/>
          </xsl:call-template>
        </p>
      </xsl:if>
      <xsl:if test="people/@more = '1'">
        <p>
          <xsl:call-template name="msg">
            <xsl:with-param name="k" select="'people.more'"/>
          </xsl:call-template>
        </p>
      </xsl:if>
    </xsl:if>
    <xsl:if test="../actions/action[@name = 'return-to-form']">
      <p>
        <xsl:call-template name="action">
          <xsl:with-param name="name" select="'return-to-form'"/>
        </xsl:call-template>
      </p>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
