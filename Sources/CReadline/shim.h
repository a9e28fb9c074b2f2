#ifndef PARTNERCHECK_READLINE_SHIM_H
#define PARTNERCHECK_READLINE_SHIM_H

#include <stdio.h>
#include <stdlib.h>
#include <readline/readline.h>
#include <readline/history.h>

/* Swift 6 cannot touch readline's mutable globals directly under strict
   concurrency, so every write to one goes through a small setter here. */

static inline void pc_rl_configure(const char *name, rl_completion_func_t *completer) {
    rl_readline_name = strdup(name); /* the caller's string is temporary */
    /* partnercheck handles SIGINT, SIGTERM and SIGHUP itself. */
    rl_catch_signals = 0;
    rl_catch_sigwinch = 1;
    /* Leave LINES and COLUMNS as the user set them: reports read COLUMNS first. */
    rl_change_environment = 0;
    rl_attempted_completion_function = completer;
    /* Complete the whole line, so that labels with spaces ("strongly agree") complete. */
    rl_basic_word_break_characters = "";
    rl_completer_word_break_characters = "";
    rl_completer_quote_characters = "";
    rl_variable_bind("completion-ignore-case", "on");
}

static inline void pc_rl_output_to_stderr(void) {
    rl_outstream = stderr;
}

/* Called from inside the completer: no filename completion, no trailing space. */
static inline void pc_rl_completion_settings(void) {
    rl_attempted_completion_over = 1;
    rl_completion_append_character = '\0';
}

static inline void pc_rl_prefill(const char *text) {
    rl_insert_text(text);
    rl_point = rl_end;
    rl_redisplay();
}

/* Ctrl-C: drop what was typed (the caller then prints a note and redraws). */
static inline void pc_rl_clear_line_state(void) {
    rl_free_line_state();
    rl_callback_sigcleanup();
    rl_replace_line("", 0);
    rl_point = 0;
    rl_end = 0;
    rl_mark = 0;
}

/* Show the prompt again on a fresh line. */
static inline void pc_rl_redraw(void) {
    rl_on_new_line();
    rl_redisplay();
}

#endif
