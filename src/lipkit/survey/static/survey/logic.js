/* lipkit survey: the browser's evaluator of the questionnaire's expressions.
 *
 * The same semantics as lipkit/study/expressions.py (the one-respondent evaluation that the
 * server runs in OnlineForm.check_page), over the JSON trees of lipkit.survey.form.node_json:
 *   {"type": "Binary", "op": "=", "left": {...}, "right": {...}}
 * Node types: Ref, Current, Name, Literal, Binary, Not, Neg, Call (true, false, selected,
 * count-selected). Values are strings (never null; empty = ""), numbers (empty = NaN) or
 * booleans. Anything this file does not know (a node type, a function, a question without a
 * type) throws LipkitLogic.Unknown, and the callers then show the question or option: the
 * server decides. tests/test_survey_logic_js.py checks the agreement with the Python engine.
 *
 * A context is {questions, answers, current, choice, today, now, position}:
 *   questions  {name: {type: "select_one" | "select_multiple" | "integer" | "decimal" |
 *               "text" | "date" | "note" | ..., choices: [names] (select_multiple)}}
 *   answers    {name: answer as the server keeps it: a choice name, a list of choice names,
 *               a number, a string; missing or null = empty}
 *   current    the question "." stands for (null in a group's condition)
 *   choice     {name, filters} of the option a choice_filter is evaluated for
 *   today      today() as YYYY-MM-DD (the server's date; else this computer's)
 *   now        now() as YYYY-MM-DDTHH:MM:SS.mmmZ (else this computer's clock)
 *   position   position(..): the index of the current repeat entry, 1-based (else 1, as
 *              outside a repeat); the tree writes it as {"type": "Call", "name": "position"}
 * A select question's spec may carry labels {choice: label} for jr:choice-name().
 */
(function (root) {
  "use strict";

  var STRING = "string";
  var NUMBER = "number";
  var BOOLEAN = "boolean";
  var NUMBER_TYPES = { integer: true, decimal: true };
  var ARITHMETIC = { "+": true, "-": true, "*": true, div: true, mod: true };
  var EQUALITY = { "=": true, "!=": true };
  var RELATIONAL = { "<": true, ">": true, "<=": true, ">=": true };
  var ARITY = {
    "true": 0, "false": 0, selected: 2, "count-selected": 1, "string-length": 1,
    contains: 2, "starts-with": 2, regex: 2, number: 1, "int": 1, concat: -1,
    string: 1, substr: [2, 3], "selected-at": 2, "if": 3, coalesce: 2, min: -1, max: -1,
    sum: -1, round: [1, 2], date: 1, today: 0, now: 0, "decimal-date-time": 1,
    "format-date": 2, "jr:choice-name": 2, position: 0,
  };
  var FUNCTION_KINDS = {
    min: NUMBER, max: NUMBER, sum: NUMBER, round: NUMBER, "decimal-date-time": NUMBER,
    position: NUMBER,
    string: STRING, substr: STRING, "selected-at": STRING, date: STRING, today: STRING,
    now: STRING, "format-date": STRING, "jr:choice-name": STRING,
  };
  var MAX_ROUND_DIGITS = 15;
  var DATE_TEXT = new RegExp(
    "^([0-9]{4})-([0-9]{2})-([0-9]{2})" +
    "(?:T([0-9]{2}):([0-9]{2}):([0-9]{2}(?:\\.[0-9]{1,9})?)(Z|[+-][0-9]{2}:[0-9]{2})?)?$");
  var FIRST_DAY = -719162;  // 0001-01-01, days since 1970-01-01
  var END_DAY = 2932897;  // the day after 9999-12-31
  var DAY_MS = 86400000;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
    "Dec"];
  var WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  var DATE_DIRECTIVES = "YymnbdeaHhMS3%";
  var CHOICE_NAME = /^\s*\$\{([^\W\d][\w.\-]*)\}\s*$/u;
  var TEXT_FUNCTIONS = {
    "string-length": NUMBER, contains: BOOLEAN, "starts-with": BOOLEAN,
    regex: BOOLEAN, concat: STRING,
  };
  // XPath number(): optional minus, digits with an optional fraction; no exponent, no '+'.
  var NUMBER_TEXT = /^[ \t\r\n]*(-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))[ \t\r\n]*$/;
  var XML_SPACE_ENDS = /^[ \t\r\n]+|[ \t\r\n]+$/g;
  var XML_SPACE = /[ \t\r\n]+/;
  // What Python's str.strip() removes (str.isspace).
  var PY_SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a" +
    "\\u2028\\u2029\\u202f\\u205f\\u3000";
  var PY_STRIP = new RegExp("^[" + PY_SPACE + "]+|[" + PY_SPACE + "]+$", "g");

  function Unknown(message) {
    this.name = "Unknown";
    this.message = message;
  }
  Unknown.prototype = Object.create(Error.prototype);
  Unknown.prototype.constructor = Unknown;

  function own(object, key) {
    return object != null && Object.prototype.hasOwnProperty.call(object, key);
  }

  // -- conversions (expressions.py "shared conversions") ---------------------------------------

  /** XPath's number-to-string as expressions._number_text: 5 not 5.0, never an exponent. */
  function numberText(x) {
    if (x !== x) { return "NaN"; }
    if (x === Infinity) { return "Infinity"; }
    if (x === -Infinity) { return "-Infinity"; }
    if (Math.floor(x) === x) {
      return typeof BigInt === "function" ? BigInt(x).toString() : x.toFixed(0);
    }
    // The shortest digits that read back as x (as Python's repr), written out in full.
    var text = String(x);
    var match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
    if (!match) { return text; }
    var digits = match[2] + (match[3] || "");
    var point = match[2].length + parseInt(match[4], 10);
    if (point <= 0) {
      return match[1] + "0." + new Array(1 - point).join("0") + digits;
    }
    if (point >= digits.length) {
      return match[1] + digits + new Array(point - digits.length + 1).join("0");
    }
    return match[1] + digits.slice(0, point) + "." + digits.slice(point);
  }

  function toNumber(value) {
    if (value.kind === NUMBER) { return value.value; }
    if (value.kind === BOOLEAN) { return value.value ? 1 : 0; }
    var match = NUMBER_TEXT.exec(value.value);
    return match ? parseFloat(match[1]) : dateDays(value.value);
  }

  // -- dates (expressions._py_date_days and friends) -------------------------------------------

  function monthDays(year, month) {
    var leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
  function daysFromCivil(y, m, d) {
    y -= m <= 2 ? 1 : 0;
    var era = Math.floor(y / 400);
    var yoe = y - era * 400;
    var doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
    var doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
    return era * 146097 + doe - 719468;
  }

  function civilFromDays(z) {
    z += 719468;
    var era = Math.floor(z / 146097);
    var doe = z - era * 146097;
    var yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) -
      Math.floor(doe / 146096)) / 365);
    var doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    var mp = Math.floor((5 * doy + 2) / 153);
    var d = doy - Math.floor((153 * mp + 2) / 5) + 1;
    var m = mp < 10 ? mp + 3 : mp - 9;
    return { year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d };
  }

  function dateDays(text) {
    var m = DATE_TEXT.exec(text);
    if (!m) { return NaN; }
    var year = parseInt(m[1], 10), month = parseInt(m[2], 10), day = parseInt(m[3], 10);
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > monthDays(year, month)) {
      return NaN;
    }
    var days = daysFromCivil(year, month, day);
    if (m[4] === undefined) { return days; }
    var hour = parseInt(m[4], 10), minute = parseInt(m[5], 10), second = parseFloat(m[6]);
    var zone = m[7];
    var offset = 0;
    if (zone !== undefined && zone !== "Z") {
      var zoneHour = parseInt(zone.slice(1, 3), 10), zoneMinute = parseInt(zone.slice(4, 6), 10);
      if (zoneHour > 23 || zoneMinute > 59) { return NaN; }
      offset = (zoneHour * 60 + zoneMinute) * (zone.charAt(0) === "-" ? -1 : 1);
    }
    if (hour > 23 || minute > 59 || second >= 60) { return NaN; }
    var seconds = hour * 3600 + minute * 60 + second;
    return days + seconds / 86400 - offset / 1440;
  }

  function dateText(days) {
    if (!(days >= FIRST_DAY && days < END_DAY)) { return ""; }
    var c = civilFromDays(Math.floor(days));
    return pad(c.year, 4) + "-" + pad(c.month, 2) + "-" + pad(c.day, 2);
  }

  function formatDate(days, pattern) {
    if (!isFinite(days)) { return ""; }
    var ms = Math.floor(days * DAY_MS + 0.5);
    if (!(ms >= FIRST_DAY * DAY_MS && ms < END_DAY * DAY_MS)) { return ""; }
    var day = Math.floor(ms / DAY_MS);
    var rest = ms - day * DAY_MS;
    var c = civilFromDays(day);
    var hour = Math.floor(rest / 3600000);
    var values = {
      Y: pad(c.year, 4), y: pad(c.year % 100, 2), m: pad(c.month, 2), n: String(c.month),
      b: MONTHS[c.month - 1], d: pad(c.day, 2), e: String(c.day),
      a: WEEKDAYS[((day + 4) % 7 + 7) % 7], H: pad(hour, 2), h: String(hour),
      M: pad(Math.floor(rest / 60000) % 60, 2), S: pad(Math.floor(rest / 1000) % 60, 2),
      "3": pad(rest % 1000, 3), "%": "%",
    };
    var out = "";
    for (var i = 0; i < pattern.length; i++) {
      if (pattern.charAt(i) === "%") {
        out += values[pattern.charAt(i + 1)];
        i++;
      } else {
        out += pattern.charAt(i);
      }
    }
    return out;
  }

  function today(ctx) {
    if (ctx.today) { return ctx.today; }
    if (ctx.now) { return ctx.now.slice(0, 10); }
    var d = new Date();  // this computer's date where it is
    return pad(d.getFullYear(), 4) + "-" + pad(d.getMonth() + 1, 2) + "-" + pad(d.getDate(), 2);
  }

  function now(ctx) {
    return ctx.now || new Date().toISOString();
  }

  function roundDigits(node) {
    var literal = node.type === "Neg" ? node.operand : node;
    if (!literal || literal.type !== "Literal" || typeof literal.value !== "number" ||
        Math.floor(literal.value) !== literal.value || literal.value > MAX_ROUND_DIGITS) {
      throw new Unknown("round() digits");
    }
    return node.type === "Neg" ? -literal.value : literal.value;
  }

  function round(x, digits) {
    if (!isFinite(x)) { return x; }
    var rounded;
    if (digits >= 0) {
      var factor = Math.pow(10, digits);
      rounded = Math.floor(Math.abs(x) * factor + 0.5) / factor;
    } else {
      var divisor = Math.pow(10, -digits);
      rounded = Math.floor(Math.abs(x) / divisor + 0.5) * divisor;
    }
    return x < 0 ? -rounded : rounded;
  }

  function checkDateFormat(node) {
    if (node.type !== "Literal" || typeof node.value !== "string") {
      throw new Unknown("format-date() pattern");
    }
    var pattern = node.value;
    for (var i = 0; i < pattern.length; i++) {
      if (pattern.charAt(i) === "%") {
        if (i + 1 >= pattern.length || DATE_DIRECTIVES.indexOf(pattern.charAt(i + 1)) < 0) {
          throw new Unknown("format-date() directive");
        }
        i++;
      }
    }
    return pattern;
  }

  function choiceNameQuestion(node, ctx) {
    var match = node.type === "Literal" && typeof node.value === "string" &&
      CHOICE_NAME.exec(node.value);
    if (!match) { throw new Unknown("jr:choice-name() question"); }
    var q = question({ type: "Ref", name: match[1] }, ctx);
    if (q.spec.type !== "select_one" && q.spec.type !== "select_multiple") {
      throw new Unknown("jr:choice-name() of no select");
    }
    if (!q.spec.labels) { throw new Unknown("jr:choice-name() without labels"); }
    return q;
  }

  function join(a, b) {
    if (a === b) { return a; }
    return a === STRING || b === STRING ? STRING : NUMBER;
  }

  function toBoolean(value) {
    if (value.kind === NUMBER) { return !isNaN(value.value) && value.value !== 0; }
    if (value.kind === BOOLEAN) { return value.value; }
    return value.value !== "";
  }

  function toText(value) {
    if (value.kind === BOOLEAN) { return value.value ? "true" : "false"; }
    if (value.kind === NUMBER) { return numberText(value.value); }
    return value.value;
  }

  function tokens(text) {
    return text.split(XML_SPACE).filter(function (t) { return t !== ""; });
  }

  function stripXml(text) {
    return text.replace(XML_SPACE_ENDS, "");
  }

  function modulo(a, b) {
    // XPath's truncating remainder, computed with the same IEEE steps as the server.
    if ((b === Infinity || b === -Infinity) && isFinite(a)) { return a; }
    return a - b * Math.trunc(a / b);
  }

  function arithmetic(op, a, b) {
    switch (op) {
      case "+": return a + b;
      case "-": return a - b;
      case "*": return a * b;
      case "div": return a / b;  // IEEE: x/0 = ±Infinity, 0/0 = NaN, as _py_divide
      default: return modulo(a, b);
    }
  }

  // -- answers ---------------------------------------------------------------------------------

  function question(node, ctx) {
    var name = node.type === "Current" ? ctx.current : node.name;
    if (name == null || !own(ctx.questions, name) || !ctx.questions[name]) {
      throw new Unknown("no question " + name);
    }
    return { name: name, spec: ctx.questions[name] };
  }

  function choiceNames(spec) {
    return spec.choices || [];
  }

  /** The known choices ticked in a select_multiple answer (a list or a space-separated text). */
  function selectedSet(spec, raw) {
    var chosen = {};
    if (raw == null) { return chosen; }
    var values = typeof raw === "string" ? tokens(raw) : [].concat(raw).map(String);
    var known = {};
    choiceNames(spec).forEach(function (c) { known[c] = true; });
    values.forEach(function (v) { if (own(known, v)) { chosen[v] = true; } });
    return chosen;
  }

  function answer(q, ctx) {
    var raw = own(ctx.answers, q.name) ? ctx.answers[q.name] : null;
    var type = q.spec.type;
    if (type === "select_multiple") {
      var chosen = selectedSet(q.spec, raw);
      return choiceNames(q.spec).filter(function (c) { return own(chosen, c); }).join(" ");
    }
    if (own(NUMBER_TYPES, type)) {
      if (raw == null || raw === "") { return NaN; }
      if (typeof raw === "string") { return toNumber({ kind: STRING, value: raw }); }
      return Number(raw);
    }
    if (type === "note") { return ""; }
    return raw == null ? "" : String(raw);
  }

  function isSelectMultiple(node, ctx) {
    return (node.type === "Ref" || node.type === "Current") &&
      question(node, ctx).spec.type === "select_multiple";
  }

  function choiceValue(node, ctx) {
    if (!ctx.choice) { throw new Unknown("bare name without a choice"); }
    var filters = ctx.choice.filters || {};
    if (own(filters, node.name)) { return String(filters[node.name]); }
    return node.name === "name" ? String(ctx.choice.name) : "";
  }

  // -- kinds (expressions._kind): what a node yields, and whether it is allowed ---------------

  function requireText(node, ctx) {
    // A computed number has no agreed text form; a number literal has.
    if (kind(node, ctx) === NUMBER && node.type !== "Literal") {
      throw new Unknown("selected() needs text");
    }
  }

  /** deep: check the whole subtree too (false: this node alone, on a checked tree). */
  function kind(node, ctx, deep) {
    if (!node || typeof node !== "object") { throw new Unknown("not a node"); }
    switch (node.type) {
      case "Ref":
      case "Current":
        return own(NUMBER_TYPES, question(node, ctx).spec.type) ? NUMBER : STRING;
      case "Name":
        choiceValue(node, ctx);
        return STRING;
      case "Literal":
        if (typeof node.value === "string") { return STRING; }
        if (typeof node.value === "number") { return NUMBER; }
        throw new Unknown("literal");
      case "Binary":
        if (!own(ARITHMETIC, node.op) && !own(EQUALITY, node.op) && !own(RELATIONAL, node.op) &&
            node.op !== "and" && node.op !== "or") {
          throw new Unknown("operator " + node.op);
        }
        if (deep !== false) {
          kind(node.left, ctx);
          kind(node.right, ctx);
        }
        return own(ARITHMETIC, node.op) ? NUMBER : BOOLEAN;
      case "Not":
        if (deep !== false) { kind(node.operand, ctx); }
        return BOOLEAN;
      case "Neg":
        if (deep !== false) { kind(node.operand, ctx); }
        return NUMBER;
      case "Call":
        var args = node.args || [];
        var arity = own(ARITY, node.name) ? ARITY[node.name] : null;
        if (arity === null || (arity === -1 ? args.length < 1 : typeof arity === "number" ?
            args.length !== arity : args.length < arity[0] || args.length > arity[1])) {
          throw new Unknown("function " + node.name);
        }
        if (own(FUNCTION_KINDS, node.name) || node.name === "if" || node.name === "coalesce") {
          if (deep !== false) {
            args.forEach(function (a) { kind(a, ctx); });
            if (node.name === "round" && args.length === 2) { roundDigits(args[1]); }
            if (node.name === "format-date") { checkDateFormat(args[1]); }
            if (node.name === "jr:choice-name") { choiceNameQuestion(args[1], ctx); }
          }
          if (node.name === "if") { return join(kind(args[1], ctx, false), kind(args[2], ctx, false)); }
          if (node.name === "coalesce") {
            return join(kind(args[0], ctx, false), kind(args[1], ctx, false));
          }
          return FUNCTION_KINDS[node.name];
        }
        if (own(TEXT_FUNCTIONS, node.name)) {
          if (deep !== false) {
            args.forEach(function (a) {
              if (node.name === "concat") { kind(a, ctx); } else { requireText(a, ctx); }
            });
            if (node.name === "regex" && !(args[1].type === "Literal" &&
                typeof args[1].value === "string")) {
              throw new Unknown("regex() pattern");
            }
          }
          return TEXT_FUNCTIONS[node.name];
        }
        if (node.name === "number" || node.name === "int") {
          if (deep !== false) { kind(args[0], ctx); }
          return NUMBER;
        }
        if (node.name === "selected" && deep !== false) {
          if (!isSelectMultiple(args[0], ctx)) { requireText(args[0], ctx); }
          requireText(args[1], ctx);
          return BOOLEAN;
        }
        if (node.name === "count-selected") {
          if (deep !== false && !isSelectMultiple(args[0], ctx)) { requireText(args[0], ctx); }
          return NUMBER;
        }
        return BOOLEAN;
    }
    throw new Unknown("node " + node.type);
  }

  // -- evaluation (expressions._py_value) ------------------------------------------------------

  function items(node, ctx) {
    // The distinct items of selected()'s / count-selected()'s first argument.
    if (isSelectMultiple(node, ctx)) {
      var q = question(node, ctx);
      return selectedSet(q.spec, own(ctx.answers, q.name) ? ctx.answers[q.name] : null);
    }
    var set = {};
    tokens(toText(value(node, ctx))).forEach(function (t) { set[t] = true; });
    return set;
  }

  function binary(node, ctx) {
    var op = node.op;
    var left = value(node.left, ctx);
    var right = value(node.right, ctx);  // both sides, always: no side effects
    if (op === "or") { return toBoolean(left) || toBoolean(right); }
    if (op === "and") { return toBoolean(left) && toBoolean(right); }
    if (own(ARITHMETIC, op)) { return arithmetic(op, toNumber(left), toNumber(right)); }
    var a, b;
    if (own(EQUALITY, op)) {
      var same;
      if (left.kind === BOOLEAN || right.kind === BOOLEAN) {
        same = toBoolean(left) === toBoolean(right);
      } else if (left.kind === NUMBER || right.kind === NUMBER) {
        a = toNumber(left);
        b = toNumber(right);
        if (isNaN(a) || isNaN(b)) { return op === "!="; }
        same = a === b;
      } else {
        same = left.value === right.value;
      }
      return op === "=" ? same : !same;
    }
    a = toNumber(left);
    b = toNumber(right);
    if (isNaN(a) || isNaN(b)) { return false; }
    switch (op) {
      case "<": return a < b;
      case ">": return a > b;
      case "<=": return a <= b;
      default: return a >= b;
    }
  }

  function value(node, ctx) {
    var k = kind(node, ctx, false);
    switch (node.type) {
      case "Ref":
      case "Current":
        return { kind: k, value: answer(question(node, ctx), ctx) };
      case "Name":
        return { kind: k, value: choiceValue(node, ctx) };
      case "Literal":
        return { kind: k, value: node.value };
      case "Not":
        return { kind: k, value: !toBoolean(value(node.operand, ctx)) };
      case "Neg":
        return { kind: k, value: -toNumber(value(node.operand, ctx)) };
      case "Binary":
        return { kind: k, value: binary(node, ctx) };
      case "Call":
        if (node.name === "true") { return { kind: k, value: true }; }
        if (node.name === "false") { return { kind: k, value: false }; }
        if (node.name === "selected") {
          var wanted = stripXml(toText(value(node.args[1], ctx)));
          return { kind: k, value: wanted !== "" && own(items(node.args[0], ctx), wanted) };
        }
        if (node.name === "count-selected") {
          return { kind: k, value: Object.keys(items(node.args[0], ctx)).length };
        }
        if (node.name === "number") { return { kind: k, value: toNumber(value(node.args[0], ctx)) }; }
        if (node.name === "int") {
          return { kind: k, value: Math.trunc(toNumber(value(node.args[0], ctx))) };
        }
        if (own(FUNCTION_KINDS, node.name) || node.name === "if" || node.name === "coalesce") {
          return { kind: k, value: call(node, k, ctx) };
        }
        var texts = node.args.map(function (a) { return text(a, ctx); });
        switch (node.name) {
          case "string-length": return { kind: k, value: Array.from(texts[0]).length };
          case "contains": return { kind: k, value: texts[0].indexOf(texts[1]) !== -1 };
          case "starts-with": return { kind: k, value: texts[0].indexOf(texts[1]) === 0 };
          case "regex": return { kind: k, value: new RegExp(texts[1], "u").test(texts[0]) };
          default: return { kind: k, value: texts.join("") };  // concat
        }
    }
    throw new Unknown("node " + node.type);
  }

  /** A value as text; the empty answer to a number question is "" (its text), not "NaN". */
  function text(node, ctx) {
    var v = value(node, ctx);
    if (v.kind === NUMBER && (node.type === "Ref" || node.type === "Current") &&
        v.value !== v.value) {
      return "";
    }
    return toText(v);
  }

  function as(k, node, ctx) {
    if (k === STRING) { return text(node, ctx); }
    if (k === NUMBER) { return toNumber(value(node, ctx)); }
    return toBoolean(value(node, ctx));
  }

  function isEmpty(v) {
    if (v.kind === STRING) { return v.value === ""; }
    return v.kind === NUMBER && v.value !== v.value;
  }

  function truncate(x) {
    return isFinite(x) ? Math.trunc(x) : x;
  }

  /** The functions beyond the first subset (expressions._py_function). */
  function call(node, k, ctx) {
    var args = node.args;
    function number(a) { return toNumber(value(a, ctx)); }
    var i, values, best;
    switch (node.name) {
      case "if":
        return as(k, toBoolean(value(args[0], ctx)) ? args[1] : args[2], ctx);
      case "coalesce":
        return as(k, isEmpty(value(args[0], ctx)) ? args[1] : args[0], ctx);
      case "sum":
        best = number(args[0]);
        for (i = 1; i < args.length; i++) { best = best + number(args[i]); }
        return best;
      case "min":
      case "max":
        values = args.map(number);
        if (values.some(function (v) { return v !== v; })) { return NaN; }
        best = values[0];
        for (i = 1; i < values.length; i++) {
          if (node.name === "min" ? values[i] < best : values[i] > best) { best = values[i]; }
        }
        return best;
      case "round":
        return round(number(args[0]), args.length === 2 ? roundDigits(args[1]) : 0);
      case "decimal-date-time":
        return number(args[0]);
      case "string":
        return text(args[0], ctx);
      case "substr":
        var chars = Array.from(text(args[0], ctx));
        var start = number(args[1]);
        var end = args.length === 3 ? number(args[2]) : chars.length;
        if (start !== start || end !== end) { return ""; }
        var first = Math.min(Math.max(truncate(start), 0), chars.length);
        var last = Math.min(Math.max(truncate(end), first), chars.length);
        return chars.slice(first, last).join("");
      case "selected-at":
        var list = tokens(text(args[0], ctx));
        var index = truncate(number(args[1]));
        return index >= 0 && index < list.length ? list[index] : "";
      case "date":
        return dateText(number(args[0]));
      case "today":
        return today(ctx);
      case "now":
        return now(ctx);
      case "position":
        return ctx.position;
      case "format-date":
        return formatDate(number(args[0]), checkDateFormat(args[1]));
      case "jr:choice-name":
        var labels = choiceNameQuestion(args[1], ctx).spec.labels;
        var name = text(args[0], ctx);
        return own(labels, name) ? String(labels[name]) : "";
    }
    throw new Unknown("function " + node.name);
  }

  function context(ctx) {
    return {
      questions: ctx.questions || {},
      answers: ctx.answers || {},
      current: ctx.current == null ? null : ctx.current,
      choice: ctx.choice || null,
      today: ctx.today || null,
      now: ctx.now || null,
      position: ctx.position == null ? 1 : Number(ctx.position),
    };
  }

  /** {kind: "string" | "number" | "boolean", value}; throws Unknown. */
  function evaluate(node, ctx) {
    ctx = context(ctx);
    kind(node, ctx);  // the whole tree is checked before anything is evaluated
    return value(node, ctx);
  }

  /** The expression as XPath boolean(): NaN and "" are false; throws Unknown. */
  function condition(node, ctx) {
    return toBoolean(evaluate(node, ctx));
  }

  /** Whether a question or group is shown: every {when, current} of
   * OnlineForm.relevance_json holds. A condition this file cannot evaluate counts as true. */
  function shown(conditions, ctx) {
    return (conditions || []).every(function (c) {
      try {
        return condition(c.when, {
          questions: ctx.questions, answers: ctx.answers, current: c.current,
          today: ctx.today, now: ctx.now, position: ctx.position,
        });
      } catch (error) {
        if (error instanceof Unknown) { return true; }
        throw error;
      }
    });
  }

  /** Whether a choice_filter lets an option ({name, filters}) through for question `current`;
   * true where the filter cannot be evaluated here. */
  function offered(filter, ctx, current, choice) {
    if (!filter) { return true; }
    try {
      return condition(filter, {
        questions: ctx.questions, answers: ctx.answers, current: current, choice: choice,
        today: ctx.today, now: ctx.now, position: ctx.position,
      });
    } catch (error) {
      if (error instanceof Unknown) { return true; }
      throw error;
    }
  }

  // -- submitted strings as the server reads them (OnlineForm._parse) -------------------------

  function pad(n, width) {
    var text = String(n);
    while (text.length < width) { text = "0" + text; }
    return text;
  }

  function parseDate(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) ||
      /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
    if (!m) { return null; }
    var parts = [m[1], m[2], m[3]].map(function (p) { return parseInt(p, 10); });
    if (m[1].length !== 4) { parts.reverse(); }
    var year = parts[0], month = parts[1], day = parts[2];
    if (year < 1 || month < 1 || month > 12 || day < 1) { return null; }
    var leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    var days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
    if (day > days) { return null; }
    return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2);
  }

  var DECIMAL = /^[+-]?(?:(?:\d(?:_?\d)*)(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;
  var MAX_TEXT = 2000;

  /** The answer the server keeps for a question's submitted strings, or null for an empty
   * answer and for one the server refuses (which it does not keep either). */
  function parseAnswer(type, strings) {
    var values = (strings || []).map(function (v) {
      return String(v).replace(PY_STRIP, "");
    }).filter(function (v) { return v !== ""; });
    if (!values.length) { return null; }
    if (type === "select_multiple") {
      return values.filter(function (v, i) { return values.indexOf(v) === i; });
    }
    if (values.length > 1) { return null; }
    var text = values[0];
    if (type === "integer") {
      return /^[+-]?\d{1,15}$/.test(text) ? parseInt(text, 10) + 0 : null;  // no -0
    }
    if (type === "decimal") {
      text = text.replace(/,/g, ".");
      if (!DECIMAL.test(text)) { return null; }
      var number = Number(text.replace(/_/g, ""));
      return isFinite(number) ? number : null;
    }
    if (type === "date") { return parseDate(text); }
    if (type === "text" && Array.from(text).length > MAX_TEXT) { return null; }
    return text;
  }

  var api = {
    Unknown: Unknown,
    evaluate: evaluate,
    condition: condition,
    shown: shown,
    offered: offered,
    numberText: numberText,
    parseAnswer: parseAnswer,
  };
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.LipkitLogic = api;
  }
})(this);
