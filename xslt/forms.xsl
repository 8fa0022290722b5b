<?xml version="1.0" encoding="UTF-8"?>
<!--
  Forms and links generated from <action> elements (README.md, "Shape").

  To place one action inside a view:
    <xsl:call-template name="action">
      <xsl:with-param name="name" select="'save-profile'"/>
    </xsl:call-template>
  and list its name in the view's mode="placed" template so that the generic
  action area does not repeat it. Nothing is rendered when the view model
  does not offer the action: policy decided that in C.

  Actions that belong to one object carry for="concern-17" (README, issue 3).
  The generic action area never shows them; the view places them next to
  their object with
    <xsl:call-template name="actions-for">
      <xsl:with-param name="for" select="'concern-17'"/>
    </xsl:call-template>
  (every action with that @for: a form with visible fields inside a
  <details> disclosure, opened when it carries errors; a form without
  fields as a button; a link as a link), or one of them with the "action"
  template and its "for" parameter.

  Control ids: f-ACTION-FIELD (f-save-profile-phone); a second action of the
  same name on the page gets f-ACTION-2-FIELD, and so on. A "multi" field is
  a fieldset with id f-ACTION-FIELD holding checkboxes f-ACTION-FIELD-1, -2...
  Labels: field.ACTION.FIELD when the catalog has it, else field.FIELD.
  Hints:  the key in the field's @help; else field.ACTION.FIELD.help or
          field.FIELD.help, only when present.
  Options: @label (data), else option.FIELD.VALUE, else what the view finds
          for it (mode="option-data"), else the option's text, else the value.
  Disclosure text: action.NAME.open when the catalog has it, else action.NAME
          (the submit button always says action.NAME).
  Views may render a form's fields themselves (e.g. in fieldsets) with
    <xsl:template match="action[@name = 'X']" mode="form-body">
      <xsl:param name="prefix"/> ...
  and <xsl:apply-templates select="field[...]" mode="field"> inside.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- One offered action by name (and, when $for is given, by @for). -->
  <xsl:template name="action">
    <xsl:param name="name"/>
    <xsl:param name="for"/>
    <xsl:param name="class"/>
    <xsl:param name="button-class"/>
    <xsl:param name="extra"/>
    <xsl:choose>
      <xsl:when test="string($for) != ''">
        <xsl:apply-templates select="/page/actions/action[@name = $name and @for = $for]" mode="action">
          <xsl:with-param name="class" select="$class"/>
          <xsl:with-param name="button-class" select="$button-class"/>
          <xsl:with-param name="extra" select="$extra"/>
        </xsl:apply-templates>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="/page/actions/action[@name = $name]" mode="action">
          <xsl:with-param name="class" select="$class"/>
          <xsl:with-param name="button-class" select="$button-class"/>
          <xsl:with-param name="extra" select="$extra"/>
        </xsl:apply-templates>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Every action whose @for is $for, except the names listed in $except
       (space-separated). Nothing when there is none. -->
  <xsl:template name="actions-for">
    <xsl:param name="for"/>
    <xsl:param name="except"/>
    <xsl:param name="class" select="'object-actions'"/>
    <xsl:variable name="skip" select="concat(' ', normalize-space($except), ' ')"/>
    <xsl:variable name="acts"
      select="/page/actions/action[@for = $for and not(contains($skip, concat(' ', @name, ' ')))]"/>
    <xsl:if test="$acts">
      <div class="{$class}">
        <xsl:apply-templates select="$acts" mode="disclosed"/>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- One action placed next to its object: a form with fields the user
       fills in goes inside <details> (open when the server sent it back
       with errors or filled in from a form kept at a time-out, @open);
       anything else is shown as it is. -->
  <xsl:template match="action" mode="disclosed">
    <xsl:param name="extra"/>
    <xsl:choose>
      <xsl:when test="field[not(@type = 'hidden')]">
        <details class="disclosure disclosure-{@name}">
          <xsl:if test="error or @open = '1'">
            <xsl:attribute name="open">open</xsl:attribute>
          </xsl:if>
          <summary>
            <xsl:call-template name="msg-or">
              <xsl:with-param name="k" select="concat('action.', @name, '.open')"/>
              <xsl:with-param name="fallback" select="concat('action.', @name)"/>
            </xsl:call-template>
            <xsl:if test="string($extra) != ''">
              <span class="visually-hidden">
                <xsl:text> – </xsl:text>
                <xsl:copy-of select="$extra"/>
              </span>
            </xsl:if>
          </summary>
          <div class="disclosure-body">
            <xsl:apply-templates select="." mode="action"/>
          </div>
        </details>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="." mode="action">
          <xsl:with-param name="class" select="'inline-action'"/>
          <xsl:with-param name="button-class" select="'button button-secondary'"/>
          <xsl:with-param name="extra" select="$extra"/>
        </xsl:apply-templates>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="action" mode="action">
    <xsl:param name="class"/>
    <xsl:param name="button-class"/>
    <xsl:param name="extra"/>
    <xsl:variable name="post" select="translate(@method, 'post', 'POST') = 'POST'"/>
    <xsl:choose>
      <xsl:when test="$post or field">
        <xsl:call-template name="action-form">
          <xsl:with-param name="post" select="$post"/>
          <xsl:with-param name="class" select="$class"/>
          <xsl:with-param name="button-class" select="$button-class"/>
          <xsl:with-param name="extra" select="$extra"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <a>
          <xsl:attribute name="href">
            <xsl:call-template name="safe-href">
              <xsl:with-param name="v" select="string(@href)"/>
            </xsl:call-template>
          </xsl:attribute>
          <xsl:attribute name="class">
            <xsl:text>action-link</xsl:text>
            <xsl:if test="$class != ''">
              <xsl:value-of select="concat(' ', $class)"/>
            </xsl:if>
          </xsl:attribute>
          <!-- A link opens something: action.NAME.open when the
               catalog has it (the same text as the disclosure of a form
               of that name), else action.NAME. -->
          <xsl:call-template name="msg-or">
            <xsl:with-param name="k" select="concat('action.', @name, '.open')"/>
            <xsl:with-param name="fallback" select="concat('action.', @name)"/>
          </xsl:call-template>
          <xsl:call-template name="hidden-extra">
            <xsl:with-param name="extra" select="$extra"/>
          </xsl:call-template>
        </a>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="action-label">
    <xsl:call-template name="msg">
      <xsl:with-param name="k" select="concat('action.', @name)"/>
    </xsl:call-template>
  </xsl:template>

  <!-- Text only screen readers get after a button or link text, so that
       "Remove access" says whose (the extra is built by the view). -->
  <xsl:template name="hidden-extra">
    <xsl:param name="extra"/>
    <xsl:if test="string($extra) != ''">
      <span class="visually-hidden">
        <xsl:text> – </xsl:text>
        <xsl:copy-of select="$extra"/>
      </span>
    </xsl:if>
  </xsl:template>

  <!-- The id prefix of an action's controls (context: the action). -->
  <xsl:template name="action-prefix">
    <xsl:variable name="n" select="count(preceding-sibling::action[@name = current()/@name])"/>
    <xsl:value-of select="concat('f-', @name)"/>
    <xsl:if test="$n &gt; 0">
      <xsl:value-of select="concat('-', $n + 1)"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="action-form">
    <xsl:param name="post"/>
    <xsl:param name="class"/>
    <xsl:param name="button-class"/>
    <xsl:param name="extra"/>
    <xsl:variable name="prefix">
      <xsl:call-template name="action-prefix"/>
    </xsl:variable>
    <form id="{$prefix}">
      <xsl:attribute name="action">
        <xsl:call-template name="safe-href">
          <xsl:with-param name="v" select="string(@href)"/>
        </xsl:call-template>
      </xsl:attribute>
      <xsl:attribute name="method">
        <xsl:choose>
          <xsl:when test="$post">post</xsl:when>
          <xsl:otherwise>get</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:if test="$post and field[@type = 'file']">
        <xsl:attribute name="enctype">multipart/form-data</xsl:attribute>
      </xsl:if>
      <xsl:attribute name="class">
        <xsl:value-of select="concat('form form-', @name)"/>
        <xsl:if test="$class != ''">
          <xsl:value-of select="concat(' ', $class)"/>
        </xsl:if>
      </xsl:attribute>
      <xsl:if test="$post">
        <input type="hidden" name="_csrf" value="{$csrf}"/>
      </xsl:if>
      <xsl:variable name="return">
        <xsl:call-template name="safe-return">
          <xsl:with-param name="v" select="string(@return)"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:if test="string($return) != ''">
        <input type="hidden" name="_return" value="{$return}"/>
      </xsl:if>
      <xsl:call-template name="form-errors">
        <xsl:with-param name="prefix" select="$prefix"/>
      </xsl:call-template>
      <xsl:apply-templates select="." mode="form-body">
        <xsl:with-param name="prefix" select="$prefix"/>
      </xsl:apply-templates>
      <xsl:choose>
        <xsl:when test="$button-class != ''">
          <button type="submit" class="{$button-class}">
            <xsl:call-template name="action-label"/>
            <xsl:call-template name="hidden-extra">
              <xsl:with-param name="extra" select="$extra"/>
            </xsl:call-template>
          </button>
        </xsl:when>
        <xsl:otherwise>
          <div class="form-buttons">
            <button type="submit" class="button">
              <xsl:call-template name="action-label"/>
              <xsl:call-template name="hidden-extra">
                <xsl:with-param name="extra" select="$extra"/>
              </xsl:call-template>
            </button>
          </div>
        </xsl:otherwise>
      </xsl:choose>
    </form>
  </xsl:template>

  <!-- The controls of a form, in the order of the view model. A view may
       override this for one action to group its fields. -->
  <xsl:template match="action" mode="form-body">
    <xsl:param name="prefix"/>
    <xsl:apply-templates select="field" mode="field">
      <xsl:with-param name="prefix" select="$prefix"/>
    </xsl:apply-templates>
  </xsl:template>

  <!-- Errors of the whole form (no @field, or a field the form lacks), and
       a summary with links to the fields in error, each named by its label
       (a generic text such as "Fill in this field" needs to say which). -->
  <xsl:template name="form-errors">
    <xsl:param name="prefix"/>
    <xsl:variable name="action" select="."/>
    <xsl:variable name="field-errors" select="error[@field = $action/field[not(@type = 'hidden')]/@name]"/>
    <xsl:variable name="form-errors" select="error[not(@field = $action/field[not(@type = 'hidden')]/@name)]"/>
    <xsl:if test="error">
      <div class="error-summary" role="alert">
        <xsl:for-each select="$form-errors">
          <p>
            <xsl:call-template name="error-text"/>
          </p>
        </xsl:for-each>
        <xsl:if test="$field-errors">
          <p class="error-summary-title">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="'form.errors'"/>
            </xsl:call-template>
          </p>
          <ul>
            <xsl:for-each select="$field-errors">
              <xsl:variable name="error" select="."/>
              <li>
                <a href="#{$prefix}-{@field}">
                  <xsl:for-each select="$action/field[@name = $error/@field][1]">
                    <xsl:variable name="k">
                      <xsl:call-template name="field-key"/>
                    </xsl:variable>
                    <span class="error-field">
                      <xsl:call-template name="msg">
                        <xsl:with-param name="k" select="$k"/>
                      </xsl:call-template>
                    </span>
                    <xsl:text>: </xsl:text>
                  </xsl:for-each>
                  <xsl:call-template name="error-text"/>
                </a>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:if>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- The text of one <error field key detail max/> (context: the error): the
       catalog text (KEY.max with {1} filled when the server gave a limit),
       then the server's precise reason when it gave one.
       The text says what to do for that field where the catalog has it:
       KEY.ACTION.FIELD ("field.required.add-note.text"), else KEY.FIELD
       ("field.required.nin": "Skriv inn barnets fødselsnummer"), else KEY. -->
  <xsl:template name="error-text">
    <xsl:variable name="k1" select="concat(@key, '.', ../@name, '.', @field)"/>
    <xsl:variable name="k2" select="concat(@key, '.', @field)"/>
    <xsl:variable name="has1">
      <xsl:if test="string(@field) != ''">
        <xsl:call-template name="has-msg">
          <xsl:with-param name="k" select="$k1"/>
        </xsl:call-template>
      </xsl:if>
    </xsl:variable>
    <xsl:variable name="has2">
      <xsl:if test="string(@field) != '' and $has1 != '1'">
        <xsl:call-template name="has-msg">
          <xsl:with-param name="k" select="$k2"/>
        </xsl:call-template>
      </xsl:if>
    </xsl:variable>
    <xsl:call-template name="msg">
      <xsl:with-param name="k">
        <xsl:choose>
          <xsl:when test="$has1 = '1'"><xsl:value-of select="$k1"/></xsl:when>
          <xsl:when test="$has2 = '1'"><xsl:value-of select="$k2"/></xsl:when>
          <!-- A limit the server gave: "at most {1} characters". -->
          <xsl:when test="string(@max) != ''"><xsl:value-of select="concat(@key, '.max')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="@key"/></xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
      <xsl:with-param name="a1" select="string(@max)"/>
    </xsl:call-template>
    <xsl:if test="string(@detail) != ''">
      <xsl:text> </xsl:text>
      <span class="error-detail"><xsl:value-of select="@detail"/></span>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ fields -->

  <xsl:template match="field[@type = 'hidden']" mode="field">
    <input type="hidden" name="{@name}" value="{@value}"/>
  </xsl:template>

  <xsl:template match="field" mode="field">
    <xsl:param name="prefix"/>
    <xsl:variable name="id" select="concat($prefix, '-', @name)"/>
    <xsl:variable name="type">
      <xsl:choose>
        <xsl:when test="@type = 'password' or @type = 'tel' or @type = 'email' or @type = 'date'
                        or @type = 'time' or @type = 'number' or @type = 'textarea'
                        or @type = 'select' or @type = 'checkbox' or @type = 'file'
                        or @type = 'multi'">
          <xsl:value-of select="@type"/>
        </xsl:when>
        <xsl:otherwise>text</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="errors" select="../error[@field = current()/@name]"/>
    <xsl:variable name="help-key">
      <xsl:choose>
        <xsl:when test="string(@help) != ''">
          <xsl:value-of select="@help"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="field-key">
            <xsl:with-param name="suffix" select="'.help'"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="has-help">
      <xsl:call-template name="has-msg">
        <xsl:with-param name="k" select="$help-key"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="describedby">
      <xsl:if test="$has-help = '1'">
        <xsl:value-of select="concat($id, '-help')"/>
      </xsl:if>
      <xsl:if test="$has-help = '1' and $errors">
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:if test="$errors">
        <xsl:value-of select="concat($id, '-error')"/>
      </xsl:if>
    </xsl:variable>
    <xsl:variable name="class">
      <xsl:value-of select="concat('field field-', $type)"/>
      <xsl:if test="$errors"> field-invalid</xsl:if>
    </xsl:variable>

    <xsl:choose>
      <!-- A group of checkboxes, all named after the field; checked when
           the option's value is one of the space-separated @value. -->
      <xsl:when test="$type = 'multi'">
        <fieldset id="{$id}" class="{$class}">
          <xsl:if test="$describedby != ''">
            <xsl:attribute name="aria-describedby">
              <xsl:value-of select="$describedby"/>
            </xsl:attribute>
          </xsl:if>
          <legend>
            <xsl:call-template name="field-text"/>
          </legend>
          <xsl:call-template name="field-hint">
            <xsl:with-param name="id" select="$id"/>
            <xsl:with-param name="has-help" select="$has-help"/>
            <xsl:with-param name="help-key" select="$help-key"/>
            <xsl:with-param name="errors" select="$errors"/>
          </xsl:call-template>
          <xsl:variable name="values" select="concat(' ', normalize-space(@value), ' ')"/>
          <xsl:variable name="name" select="string(@name)"/>
          <xsl:variable name="field-errors" select="$errors"/>
          <div class="multi-options">
            <xsl:for-each select="option">
              <div class="multi-option">
                <input type="checkbox" id="{$id}-{position()}" name="{$name}" value="{@value}">
                  <xsl:if test="contains($values, concat(' ', @value, ' '))">
                    <xsl:attribute name="checked">checked</xsl:attribute>
                  </xsl:if>
                  <xsl:if test="$field-errors">
                    <xsl:attribute name="aria-invalid">true</xsl:attribute>
                  </xsl:if>
                </input>
                <label for="{$id}-{position()}">
                  <xsl:call-template name="option-text"/>
                </label>
              </div>
            </xsl:for-each>
          </div>
        </fieldset>
      </xsl:when>

      <xsl:otherwise>
        <div class="{$class}">
          <xsl:if test="$type != 'checkbox'">
            <xsl:call-template name="field-label">
              <xsl:with-param name="id" select="$id"/>
            </xsl:call-template>
          </xsl:if>
          <xsl:call-template name="field-hint">
            <xsl:with-param name="id" select="$id"/>
            <xsl:with-param name="has-help" select="$has-help"/>
            <xsl:with-param name="help-key" select="$help-key"/>
            <xsl:with-param name="errors" select="$errors"/>
          </xsl:call-template>
          <xsl:call-template name="field-control">
            <xsl:with-param name="id" select="$id"/>
            <xsl:with-param name="type" select="$type"/>
            <xsl:with-param name="errors" select="$errors"/>
            <xsl:with-param name="describedby" select="$describedby"/>
          </xsl:call-template>
        </div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The hint and the error texts of a field. -->
  <xsl:template name="field-hint">
    <xsl:param name="id"/>
    <xsl:param name="has-help"/>
    <xsl:param name="help-key"/>
    <xsl:param name="errors"/>
    <xsl:if test="$has-help = '1'">
      <p class="field-help" id="{$id}-help">
        <xsl:call-template name="msg">
          <xsl:with-param name="k" select="$help-key"/>
        </xsl:call-template>
      </p>
    </xsl:if>
    <xsl:if test="$errors">
      <p class="field-error" id="{$id}-error">
        <xsl:for-each select="$errors">
          <xsl:if test="position() &gt; 1">
            <xsl:text> </xsl:text>
          </xsl:if>
          <xsl:call-template name="error-text"/>
        </xsl:for-each>
      </p>
    </xsl:if>
  </xsl:template>

  <xsl:template name="field-control">
    <xsl:param name="id"/>
    <xsl:param name="type"/>
    <xsl:param name="errors"/>
    <xsl:param name="describedby"/>
    <xsl:choose>
      <xsl:when test="$type = 'textarea'">
        <textarea id="{$id}" name="{@name}" rows="6" dir="auto">
          <xsl:call-template name="control-attributes">
            <xsl:with-param name="errors" select="$errors"/>
            <xsl:with-param name="describedby" select="$describedby"/>
          </xsl:call-template>
          <xsl:value-of select="@value"/>
        </textarea>
      </xsl:when>

      <xsl:when test="$type = 'select'">
        <select id="{$id}" name="{@name}">
          <xsl:call-template name="control-attributes">
            <xsl:with-param name="errors" select="$errors"/>
            <xsl:with-param name="describedby" select="$describedby"/>
          </xsl:call-template>
          <xsl:variable name="value" select="string(@value)"/>
          <xsl:if test="not(@required = '1') or not(option[@value = $value])">
            <option value="">
              <xsl:call-template name="msg">
                <xsl:with-param name="k" select="'form.choose'"/>
              </xsl:call-template>
            </option>
          </xsl:if>
          <xsl:apply-templates select="option" mode="field">
            <xsl:with-param name="value" select="$value"/>
          </xsl:apply-templates>
        </select>
      </xsl:when>

      <xsl:when test="$type = 'checkbox'">
        <input type="checkbox" id="{$id}" name="{@name}" value="1">
          <xsl:if test="@value = '1'">
            <xsl:attribute name="checked">checked</xsl:attribute>
          </xsl:if>
          <xsl:call-template name="control-attributes">
            <xsl:with-param name="errors" select="$errors"/>
            <xsl:with-param name="describedby" select="$describedby"/>
          </xsl:call-template>
        </input>
        <xsl:call-template name="field-label">
          <xsl:with-param name="id" select="$id"/>
        </xsl:call-template>
      </xsl:when>

      <xsl:otherwise>
        <input type="{$type}" id="{$id}" name="{@name}">
          <!-- typed text in any script keeps its own direction -->
          <xsl:if test="$type = 'text'">
            <xsl:attribute name="dir">auto</xsl:attribute>
          </xsl:if>
          <!-- never a value for passwords; the login form keeps the
               user name from content/login/@username -->
          <xsl:variable name="value">
            <xsl:choose>
              <xsl:when test="@value">
                <xsl:value-of select="@value"/>
              </xsl:when>
              <xsl:when test="../@name = 'login' and @name = 'username'">
                <xsl:value-of select="/page/content/login/@username"/>
              </xsl:when>
            </xsl:choose>
          </xsl:variable>
          <xsl:if test="string($value) != '' and $type != 'password' and $type != 'file'">
            <xsl:attribute name="value">
              <xsl:value-of select="$value"/>
            </xsl:attribute>
          </xsl:if>
          <xsl:if test="$type = 'file' and @accept">
            <xsl:attribute name="accept">
              <xsl:value-of select="@accept"/>
            </xsl:attribute>
          </xsl:if>
          <xsl:if test="$type = 'number' or $type = 'date' or $type = 'time'">
            <xsl:for-each select="@min | @max | @step">
              <xsl:attribute name="{name()}">
                <xsl:value-of select="."/>
              </xsl:attribute>
            </xsl:for-each>
          </xsl:if>
          <xsl:if test="../@name = 'login' and @name = 'username'">
            <xsl:attribute name="autocapitalize">none</xsl:attribute>
            <xsl:attribute name="spellcheck">false</xsl:attribute>
          </xsl:if>
          <xsl:call-template name="control-attributes">
            <xsl:with-param name="errors" select="$errors"/>
            <xsl:with-param name="describedby" select="$describedby"/>
          </xsl:call-template>
        </input>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- required, maxlength, autocomplete and the error state of a control
       (context: the field). -->
  <xsl:template name="control-attributes">
    <xsl:param name="errors"/>
    <xsl:param name="describedby"/>
    <xsl:if test="@required = '1'">
      <xsl:attribute name="required">required</xsl:attribute>
    </xsl:if>
    <xsl:if test="@maxlength and not(@type = 'select' or @type = 'checkbox' or @type = 'file'
                  or @type = 'date' or @type = 'time')">
      <xsl:attribute name="maxlength">
        <xsl:value-of select="@maxlength"/>
      </xsl:attribute>
    </xsl:if>
    <xsl:variable name="autocomplete">
      <xsl:choose>
        <xsl:when test="@autocomplete">
          <xsl:value-of select="@autocomplete"/>
        </xsl:when>
        <xsl:when test="../@name = 'login' and @name = 'username'">username</xsl:when>
        <!-- a password asked here is always the user's own, current one -->
        <xsl:when test="@type = 'password'">current-password</xsl:when>
      </xsl:choose>
    </xsl:variable>
    <xsl:if test="$autocomplete != ''">
      <xsl:attribute name="autocomplete">
        <xsl:value-of select="$autocomplete"/>
      </xsl:attribute>
    </xsl:if>
    <xsl:if test="$errors">
      <xsl:attribute name="aria-invalid">true</xsl:attribute>
    </xsl:if>
    <xsl:if test="$describedby != ''">
      <xsl:attribute name="aria-describedby">
        <xsl:value-of select="$describedby"/>
      </xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!-- The catalog key of the field's label (+ $suffix): field.ACTION.NAME
       when the catalog has it, else field.NAME (context: the field). -->
  <xsl:template name="field-key">
    <xsl:param name="suffix"/>
    <xsl:variable name="specific" select="concat('field.', ../@name, '.', @name, $suffix)"/>
    <xsl:variable name="has">
      <xsl:call-template name="has-msg">
        <xsl:with-param name="k" select="$specific"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$has = '1'">
        <xsl:value-of select="$specific"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat('field.', @name, $suffix)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The label text of the field (context: the field). -->
  <xsl:template name="field-text">
    <xsl:variable name="k">
      <xsl:call-template name="field-key"/>
    </xsl:variable>
    <xsl:call-template name="msg">
      <xsl:with-param name="k" select="$k"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="field-label">
    <xsl:param name="id"/>
    <label for="{$id}">
      <xsl:call-template name="field-text"/>
    </label>
  </xsl:template>

  <xsl:template match="option" mode="field">
    <xsl:param name="value"/>
    <option value="{@value}">
      <xsl:if test="string(@value) = $value">
        <xsl:attribute name="selected">selected</xsl:attribute>
      </xsl:if>
      <xsl:call-template name="option-text"/>
    </option>
  </xsl:template>

  <!-- Option text (context: the option): its own @label (data, e.g. a
       person's or a category's name, with its @date formatted), else option.FIELD.VALUE from the
       catalog, else what the view finds for it (mode="option-data", e.g.
       the name of the unit with that id), else its text, else the value. -->
  <xsl:template name="option-text">
    <xsl:choose>
      <xsl:when test="@label">
        <xsl:value-of select="@label"/>
        <!-- an ISO @date (e.g. when a concern was registered) -->
        <xsl:if test="string(@date) != ''">
          <xsl:text> (</xsl:text>
          <xsl:call-template name="date-text">
            <xsl:with-param name="v" select="string(@date)"/>
          </xsl:call-template>
          <xsl:text>)</xsl:text>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="k" select="concat('option.', ../@name, '.', @value)"/>
        <xsl:variable name="has">
          <xsl:call-template name="has-msg">
            <xsl:with-param name="k" select="$k"/>
          </xsl:call-template>
        </xsl:variable>
        <xsl:variable name="data">
          <xsl:if test="$has != '1'">
            <xsl:apply-templates select="." mode="option-data"/>
          </xsl:if>
        </xsl:variable>
        <xsl:choose>
          <xsl:when test="$has = '1'">
            <xsl:call-template name="msg">
              <xsl:with-param name="k" select="$k"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:when test="string($data) != ''">
            <xsl:value-of select="$data"/>
          </xsl:when>
          <xsl:when test="normalize-space(.) != ''">
            <xsl:value-of select="normalize-space(.)"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:value-of select="@value"/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Views name options from their data: override for one field, e.g.
       match="action[@name = 'create-log']/field[@name = 'unit']/option". -->
  <xsl:template match="option" mode="option-data"/>

</xsl:stylesheet>
