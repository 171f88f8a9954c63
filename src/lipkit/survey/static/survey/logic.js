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
 * A context is {questions, answers, current, choice}:
 *   questions  {name: {type: "select_one" | "select_multiple" | "integer" | "decimal" |
 *               "text" | "date" | "note" | ..., choices: [names] (select_multiple)}}
 *   answers    {name: answer as the server keeps it: a choice name, a list of choice names,
 *               a number, a string; missing or null = empty}
 *   current    the question "." stands for (null in a group's condition)
 *   choice     {name, filters} of the option a choice_filter is evaluated for
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
  };
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
    return match ? parseFloat(match[1]) : NaN;
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
        if (!own(ARITY, node.name) ||
            (ARITY[node.name] === -1 ? args.length < 1 : args.length !== ARITY[node.name])) {
          throw new Unknown("function " + node.name);
        }
        if (own(TEXT_FUNCTIONS, node.name)) {
          if (deep !== false) {
            args.forEach(function (a) { requireText(a, ctx); });
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
        var texts = node.args.map(function (a) { return toText(value(a, ctx)); });
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

  function context(ctx) {
    return {
      questions: ctx.questions || {},
      answers: ctx.answers || {},
      current: ctx.current == null ? null : ctx.current,
      choice: ctx.choice || null,
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
