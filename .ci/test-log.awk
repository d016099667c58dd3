# Condenses the output of `dotnet test` (Microsoft.Testing.Platform) for a reader: every skipped test prints three
# lines there (name, reason, assembly). Without a GPU the CUDA cases are no longer discovered (one CudaCases test per
# project skips for them, tests/Shared/Backends), so few remain, but they still come between the lines that matter. This
# prints all other lines as they come, drops the skipped tests' blocks, and at the end prints each skip reason once with
# the classes (and how many of their tests) it skipped, then every failed test's block again, so that failures come last.
#
# A test's block is its "passed", "failed" or "skipped" line and the indented lines after it (and, in a failed test's
# message, empty ones).

function strip(line) {
  gsub(/\033\[[0-9;]*[A-Za-z]/, "", line)
  return line
}

# "Ns.Class.Method(args) (12ms)" -> "Ns.Class": the arguments may hold dots, so cut them off first.
function class_of(name) {
  sub(/\(.*/, "", name)
  sub(/\.[^.]*$/, "", name)
  return name
}

function end_block() {
  if (block == "skipped") {
    if (!(skip_reason in reason_count)) reasons[++reason_total] = skip_reason
    reason_count[skip_reason]++
    key = skip_reason SUBSEP skip_class
    if (!(key in class_count)) classes[skip_reason] = classes[skip_reason] SUBSEP skip_class
    class_count[key]++
  }
  block = ""
}

{
  plain = strip($0)
  if (block != "" && (plain ~ /^  / || (block == "failed" && plain == ""))) {
    if (block == "skipped") {
      if (skip_reason == "" && plain !~ /^  from /) { skip_reason = plain; sub(/^ +/, "", skip_reason) }
      next
    }
    if (block == "failed") failures[failed_lines++] = $0
    print; fflush()
    next
  }

  end_block()
  if (plain ~ /^skipped /) {
    block = "skipped"; skip_class = class_of(substr(plain, 9)); skip_reason = ""
    next
  }
  if (plain ~ /^failed /) {
    block = "failed"; failures[failed_lines++] = $0; failed_tests++
  }
  print; fflush() # as it comes, though the pipe would buffer it
}

END {
  end_block()
  for (r = 1; r <= reason_total; r++) {
    reason = reasons[r]
    printf "\nskipped %d: %s\n ", reason_count[reason], reason
    width = 1
    n = split(substr(classes[reason], 2), names, SUBSEP)
    for (c = 1; c <= n; c++) {
      short = names[c]; sub(/.*\./, "", short)
      item = sprintf(" %s (%d)%s", short, class_count[reason SUBSEP names[c]], c < n ? "," : "")
      if (width + length(item) > 118) { printf "\n "; width = 1 }
      printf "%s", item; width += length(item)
    }
    print ""
  }
  if (failed_tests > 0) {
    print ""
    print "Failed tests (" failed_tests "), as reported above:"
    for (i = 0; i < failed_lines; i++) print failures[i]
  }
}
