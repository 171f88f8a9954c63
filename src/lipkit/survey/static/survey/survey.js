/* lipkit survey: progressive enhancement only; the form works without it.
 *
 * - the error summary gets the focus;
 * - filters at once: on every change each question's conditions are evaluated again
 *   (logic.js, the server's semantics): questions appear and disappear (`hidden`, and their
 *   `_shown` field disabled), a question that disappears loses its answer (the server would
 *   refuse it), options a choice_filter excludes are hidden, disabled and unticked; repeated
 *   until nothing changes (a cleared answer can switch off further questions);
 * - exclusive options ("keine davon", "k. A."): ticking one unticks the others and vice versa;
 * - changes are announced politely in one aria-live region;
 * - the session time-out: a warning two minutes before the signed page expires (halfway
 *   through a session shorter than four minutes), with a button that renews the signature
 *   (POST state to data-renew-url) and keeps the page usable.
 * Every text comes from the page's data attributes (German or English, texts.py).
 */
(function () {
  "use strict";

  var WARN_MINUTES = 2;
  var MAX_ROUNDS = 50;

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  function fmt(text, values) {
    return String(text || "").replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : all;
    });
  }

  function parseJson(text, fallback) {
    if (!text) { return fallback; }
    try { return JSON.parse(text); } catch (error) { return fallback; }
  }

  // -- the live region -------------------------------------------------------------------------

  function LiveRegion(parent) {
    this.node = document.createElement("div");
    this.node.className = "visually-hidden";
    this.node.setAttribute("aria-live", "polite");
    this.node.setAttribute("aria-atomic", "true");
    this.node.id = "live-region";
    parent.appendChild(this.node);
    this.timer = null;
  }

  LiveRegion.prototype.say = function (message) {
    if (!message) { return; }
    var node = this.node;
    clearTimeout(this.timer);
    node.textContent = "";
    // A short pause, so that the same words twice in a row are announced twice.
    this.timer = setTimeout(function () { node.textContent = message; }, 100);
  };

  // -- the questions of a page -----------------------------------------------------------------

  function Question(div, types) {
    this.div = div;
    this.name = div.getAttribute("data-name");
    this.type = (types[this.name] || {}).type || "";
    this.relevance = parseJson(div.getAttribute("data-relevance"), []);
    this.filter = parseJson(div.getAttribute("data-choice-filter"), null);
    this.shownInput = div.querySelector('input[type="hidden"][name="_shown"]');
    this.fields = [];
    var name = this.name;
    each(div.querySelectorAll("input, textarea, select"), function (field) {
      if (field.name === name) { this.fields.push(field); }
    }.bind(this));
    this.options = [];
    each(div.querySelectorAll(".option"), function (option) {
      var input = option.querySelector("input");
      if (!input) { return; }
      var label = option.querySelector("label");
      this.options.push({
        div: option,
        input: input,
        label: label ? label.textContent.trim() : input.value,
        choice: { name: input.value, filters: parseJson(option.getAttribute("data-filters"), {}) },
        offered: true,
      });
    }.bind(this));
    this.visible = !div.hidden;
    this.notice = null;
  }

  /** The submitted strings of this question, as the browser would send them. */
  Question.prototype.strings = function () {
    var out = [];
    this.fields.forEach(function (field) {
      if (field.disabled) { return; }
      if (field.type === "radio" || field.type === "checkbox") {
        if (field.checked) { out.push(field.value); }
      } else if (field.tagName === "TEXTAREA") {
        out.push(field.value.replace(/\r?\n/g, "\r\n"));  // as a form submission sends it
      } else {
        out.push(field.value);
      }
    });
    return out;
  };

  /** Empty the question; true if there was anything to empty. */
  Question.prototype.clear = function () {
    var changed = false;
    this.fields.forEach(function (field) {
      if (field.type === "radio" || field.type === "checkbox") {
        if (field.checked) { field.checked = false; changed = true; }
      } else if (field.value !== "") {
        field.value = "";
        changed = true;
      }
    });
    return changed;
  };

  Question.prototype.show = function (visible) {
    this.visible = visible;
    this.div.hidden = !visible;
    if (this.shownInput) { this.shownInput.disabled = !visible; }
  };

  Question.prototype.showNoOptionsNotice = function (show, text) {
    if (!show && !this.notice) { return; }
    if (!this.notice) {
      this.notice = document.createElement("p");
      this.notice.className = "hint no-options";
      this.notice.textContent = text;
      var options = this.div.querySelector(".options");
      options.parentNode.insertBefore(this.notice, options);
    }
    this.notice.hidden = !show;
  };

  function Matrix(div, questions) {
    this.div = div;
    this.relevance = parseJson(div.getAttribute("data-relevance"), []);
    this.rows = questions.filter(function (q) { return div.contains(q.div); });
  }

  // -- the form --------------------------------------------------------------------------------

  function Questionnaire(form, logic, data) {
    this.form = form;
    this.logic = logic;
    this.types = data.questions || {};
    this.earlier = data.answers || {};
    this.today = data.today || null;  // the server's today(), so that both read one date
    this.texts = {
      shown: form.getAttribute("data-live-shown"),
      hidden: form.getAttribute("data-live-hidden"),
      unticked: form.getAttribute("data-live-unticked"),
      noOptions: form.getAttribute("data-no-options"),
    };
    var types = this.types;
    this.questions = [];
    each(form.querySelectorAll(".question[data-name]"), function (div) {
      this.questions.push(new Question(div, types));
    }.bind(this));
    this.matrices = [];
    each(form.querySelectorAll(".matrix[data-name]"), function (div) {
      this.matrices.push(new Matrix(div, this.questions));
    }.bind(this));
    this.live = new LiveRegion(form.parentNode);
    form.addEventListener("change", this.onChange.bind(this));
    this.update(false);
  }

  Questionnaire.prototype.answers = function () {
    var answers = {};
    var key;
    for (key in this.earlier) {
      if (Object.prototype.hasOwnProperty.call(this.earlier, key)) {
        answers[key] = this.earlier[key];
      }
    }
    var logic = this.logic;
    this.questions.forEach(function (q) {
      delete answers[q.name];
      var value = logic.parseAnswer(q.type, q.strings());
      if (value !== null) { answers[q.name] = value; }
    });
    return answers;
  };

  /** Evaluate every filter again until nothing changes; announce what appeared or went. */
  Questionnaire.prototype.update = function (announce) {
    var logic = this.logic;
    var types = this.types;
    var before = this.questions.map(function (q) { return q.visible; });
    var ctx;
    for (var round = 0; round < MAX_ROUNDS; round++) {
      ctx = { questions: types, answers: this.answers(), today: this.today };
      var changed = false;
      this.questions.forEach(function (q) {
        var visible = q.type === "" || logic.shown(q.relevance, ctx);
        if (visible !== q.visible) { q.show(visible); }
        if (!visible) {
          changed = q.clear() || changed;
          return;
        }
        if (!q.filter) { return; }
        var any = false;
        q.options.forEach(function (option) {
          var offered = logic.offered(q.filter, ctx, q.name, option.choice);
          option.offered = offered;
          option.div.hidden = !offered;
          option.input.disabled = !offered;
          if (!offered && option.input.checked) {
            option.input.checked = false;
            changed = true;
          }
          any = any || offered;
        });
        q.showNoOptionsNotice(!any && q.options.length > 0, this.texts.noOptions);
      }.bind(this));
      if (!changed) { break; }
    }
    this.matrices.forEach(function (m) {
      var rows = m.rows.some(function (q) { return q.visible; });
      m.div.hidden = !(rows && logic.shown(m.relevance, ctx));
    });
    if (!announce) { return; }
    var appeared = 0;
    var went = 0;
    this.questions.forEach(function (q, i) {
      if (q.type === "note" || q.visible === before[i]) { return; }
      if (q.visible) { appeared++; } else { went++; }
    });
    var words = [];
    if (appeared) { words.push(fmt(this.texts.shown, { n: appeared })); }
    if (went) { words.push(fmt(this.texts.hidden, { n: went })); }
    return words;
  };

  /** Exclusive options: one ticked unticks the others; another ticked unticks it. */
  Questionnaire.prototype.exclusive = function (target) {
    if (target.type !== "checkbox" || !target.checked) { return []; }
    var question = null;
    this.questions.forEach(function (q) {
      if (q.fields.indexOf(target) >= 0) { question = q; }
    });
    if (!question) { return []; }
    var unticked = [];
    var isExclusive = target.getAttribute("data-exclusive") === "1";
    question.options.forEach(function (option) {
      var input = option.input;
      if (input === target || !input.checked) { return; }
      if (isExclusive || input.getAttribute("data-exclusive") === "1") {
        input.checked = false;
        unticked.push(fmt(this.texts.unticked, { option: option.label }));
      }
    }.bind(this));
    return unticked;
  };

  Questionnaire.prototype.onChange = function (event) {
    var words = this.exclusive(event.target);
    words = words.concat(this.update(true) || []);
    if (words.length) { this.live.say(words.join(". ") + "."); }
  };

  // -- session time-out ------------------------------------------------------------------------

  function Timeout(form, live) {
    this.form = form;
    this.live = live;
    this.minutes = parseFloat(String(form.getAttribute("data-session-minutes") || "")
      .replace(",", "."));
    this.url = form.getAttribute("data-renew-url");
    this.timer = null;
    this.box = null;
    this.returnFocus = null;
    if (this.minutes > 0 && this.url && window.fetch) { this.schedule(); }
  }

  /** Minutes left when the warning comes: two, or half of a session shorter than four. */
  Timeout.prototype.lead = function () {
    return Math.min(WARN_MINUTES, this.minutes / 2);
  };

  Timeout.prototype.schedule = function () {
    clearTimeout(this.timer);
    this.timer = setTimeout(this.warn.bind(this), (this.minutes - this.lead()) * 60000);
  };

  Timeout.prototype.build = function () {
    var box = document.createElement("div");
    box.className = "timeout";
    box.id = "timeout";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-labelledby", "timeout-text");
    box.hidden = true;
    var text = document.createElement("p");
    text.id = "timeout-text";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "primary";
    button.textContent = this.form.getAttribute("data-renew-text");
    button.addEventListener("click", this.renew.bind(this));
    box.appendChild(text);
    box.appendChild(button);
    this.form.parentNode.insertBefore(box, this.form.nextSibling);
    this.box = box;
    this.text = text;
    this.button = button;
  };

  Timeout.prototype.warn = function () {
    if (!this.box) { this.build(); }
    var left = Math.max(1, Math.round(this.lead()));
    this.text.textContent = fmt(this.form.getAttribute("data-timeout-text"), { m: left });
    this.button.disabled = false;
    this.box.hidden = false;
    this.returnFocus = document.activeElement;
    this.button.focus();
  };

  Timeout.prototype.renew = function () {
    var form = this.form;
    var body = new FormData();
    var csrf = form.querySelector('input[name="csrfmiddlewaretoken"]');
    body.append("state", form.elements.state.value);
    if (csrf) { body.append("csrfmiddlewaretoken", csrf.value); }
    this.button.disabled = true;
    var self = this;
    fetch(this.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: csrf ? { "X-CSRFToken": csrf.value } : {},
    }).then(function (response) {
      if (!response.ok) { throw new Error("renew: " + response.status); }
      return response.json();
    }).then(function (data) {
      form.elements.state.value = data.state;
      self.box.hidden = true;
      var back = self.returnFocus;
      if (back && back !== document.body && document.contains(back) && !back.disabled) {
        back.focus();
      }
      self.live.say(fmt(form.getAttribute("data-renewed-text"), { m: self.minutesText() }));
      self.schedule();
    }).catch(function () {
      self.text.textContent = form.getAttribute("data-renew-failed-text");
      self.button.disabled = false;
    });
  };

  Timeout.prototype.minutesText = function () {
    return String(Math.round(this.minutes * 10) / 10).replace(".", ",");
  };

  // -- start -----------------------------------------------------------------------------------

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
    var form = document.querySelector("form.questionnaire");
    if (!form) { return; }
    var script = document.getElementById("form-logic");
    var data = parseJson(script ? script.textContent : "", { questions: {}, answers: {} });
    var live;
    if (window.LipkitLogic) {
      live = new Questionnaire(form, window.LipkitLogic, data).live;
    } else {
      live = new LiveRegion(form.parentNode);
    }
    new Timeout(form, live);
  });
})();
