<?xml version="1.0" encoding="UTF-8"?>
<!--
  view="categories": <categories><category id name sort active used/>;
  per category an action edit-category (for="category-ID": name, sort,
  active) and one add-category action. The municipal admin's list of
  concern categories.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template match="page[@view = 'categories']" mode="placed">add-category</xsl:template>

  <xsl:template match="page[@view = 'categories']/content" mode="view">
    <p class="lead">
      <xsl:call-template name="msg">
        <xsl:with-param name="k" select="'categories.intro'"/>
      </xsl:call-template>
    </p>
    <table class="table categories stack" aria-labelledby="h-categories">
      <caption id="h-categories">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'title.categories'"/>
        </xsl:call-template>
      </caption>
      <thead>
        <tr>
          <th scope="col">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'field.name'"/>
            </xsl:call-template>
          </th>
          <th scope="col" class="num">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'field.sort'"/>
            </xsl:call-template>
          </th>
          <th scope="col">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'categories.status'"/>
            </xsl:call-template>
          </th>
          <th scope="col" class="num">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'categories.used'"/>
            </xsl:call-template>
          </th>
          <th scope="col">
            <span class="visually-hidden">
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="'staff.change'"/>
              </xsl:call-template>
            </span>
          </th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="categories/category">
          <tr id="category-{@id}">
            <th scope="row" dir="auto"><xsl:value-of select="@name"/></th>
            <td class="num"><xsl:value-of select="@sort"/></td>
            <td>
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="concat('categories.active.', @active)"/>
              </xsl:call-template>
            </td>
            <td class="num"><xsl:value-of select="@used"/></td>
            <td>
              <xsl:call-template name="actions-for">
                <xsl:with-param name="for" select="concat('category-', @id)"/>
              </xsl:call-template>
            </td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
    <section class="panel panel-narrow" aria-labelledby="h-add-category">
      <h2 id="h-add-category">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="'action.add-category.open'"/>
        </xsl:call-template>
      </h2>
      <xsl:call-template name="action">
        <xsl:with-param name="name" select="'add-category'"/>
      </xsl:call-template>
    </section>
  </xsl:template>

</xsl:stylesheet>
