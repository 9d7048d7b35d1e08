// Tessera survey pages: progressive enhancement only. The forms work fully without this file.
// Autosave: when an answer changes, wait 1.5 s of quiet, then PATCH this page's answers into
// /api/v1/surveys/{token}/draft and announce "Saved" in the form's aria-live region.
(function () {
  'use strict';

  var DEBOUNCE_MS = 1500;

  function integerOrString(text) {
    return /^-?[0-9]+$/.test(text) ? parseInt(text, 10) : text;
  }

  function numberOrString(text) {
    var trimmed = text.trim();
    if (trimmed === '') return null;
    if (/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(trimmed)) {
      var value = Number(trimmed);
      if (isFinite(value)) return value;
    }
    return text;
  }

  // The same answers the server builds from a posted page (see server/pages/form_answers.h).
  function collectAnswers(form) {
    var answers = {};
    var questions = form.querySelectorAll('fieldset[data-item]');
    Array.prototype.forEach.call(questions, function (fieldset) {
      var id = fieldset.getAttribute('data-item');
      var type = fieldset.getAttribute('data-type');
      var controls = Array.prototype.filter.call(
        fieldset.querySelectorAll('input, textarea'),
        function (control) { return control.name === id; });
      if (type === 'multiple_choice') {
        var chosen = controls.filter(function (c) { return c.checked && c.value !== ''; })
          .map(function (c) { return c.value; });
        answers[id] = chosen.length ? chosen : null;
      } else if (type === 'scale' || type === 'single_choice') {
        var checked = controls.filter(function (c) { return c.checked && c.value !== ''; });
        if (!checked.length) {
          answers[id] = null;
        } else {
          answers[id] = type === 'scale' ? integerOrString(checked[0].value) : checked[0].value;
        }
      } else if (type === 'number') {
        answers[id] = controls.length ? numberOrString(controls[0].value) : null;
      } else {
        var text = controls.length ? controls[0].value.replace(/\r\n?/g, '\n') : '';
        answers[id] = text.trim() === '' ? null : text;
      }
    });
    return answers;
  }

  function enhance(form) {
    var token = form.getAttribute('data-token');
    var status = form.querySelector('[data-autosave-status]');
    if (!token || !window.fetch) return;
    var timer = null;

    function announce(text) {
      if (status) status.textContent = text;
    }

    function save() {
      timer = null;
      fetch('/api/v1/surveys/' + encodeURIComponent(token) + '/draft', {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ answers: collectAnswers(form) })
      }).then(function (response) {
        if (response.ok) {
          var now = new Date();
          var minutes = ('0' + now.getMinutes()).slice(-2);
          announce('Saved at ' + now.getHours() + ':' + minutes);
        } else {
          announce('Not saved automatically. Your answers will be saved when you continue.');
        }
      }).catch(function () {
        announce('Not saved automatically. Your answers will be saved when you continue.');
      });
    }

    function schedule() {
      if (timer !== null) window.clearTimeout(timer);
      timer = window.setTimeout(save, DEBOUNCE_MS);
    }

    form.addEventListener('change', schedule);
    form.addEventListener('input', function (event) {
      if (event.target && event.target.tagName === 'TEXTAREA') schedule();
    });
    form.addEventListener('submit', function () {
      if (timer !== null) window.clearTimeout(timer);  // the post saves everything
    });
  }

  function focusErrorSummary() {
    var summary = document.querySelector('.error-summary');
    if (summary) summary.focus();
  }

  function start() {
    var forms = document.querySelectorAll('form[data-autosave="on"]');
    Array.prototype.forEach.call(forms, enhance);
    focusErrorSummary();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
