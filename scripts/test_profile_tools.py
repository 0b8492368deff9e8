#!/usr/bin/env python3
"""Tests of the arithmetic behind scripts/profile.sh: python3 scripts/test_profile_tools.py (no JVM, no fabric)."""

import importlib.util
import os
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # no __pycache__ left in scripts/

HERE = os.path.dirname(os.path.abspath(__file__))


def load(name, file_name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, file_name))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


report = load("profile_report", "profile-report.py")
flame = load("jfr_flame", "jfr-flame.py")


class ProcStatTest(unittest.TestCase):
    def test_reads_user_and_system_ticks_past_a_name_with_spaces_and_parentheses(self):
        line = ("4242 (C2 Compiler (x)) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 30 0 99 "
                "1000 200 18446744073709551615\n")
        with tempfile.NamedTemporaryFile("w", delete=False) as f:
            f.write(line)
        try:
            self.assertEqual(("C2 Compiler (x)", 1234, 567), report.read_ticks(f.name))
        finally:
            os.unlink(f.name)


class AeronRootTest(unittest.TestCase):
    def test_hash_is_javas_string_hash_code(self):
        # "hello".hashCode() == 99162322 and "/tmp/x".hashCode() == 1456054961, printed by a JVM
        self.assertEqual(99162322, report.java_string_hash("hello"))
        self.assertEqual(1456054961, report.java_string_hash("/tmp/x"))


class PerfTest(unittest.TestCase):
    def test_counts_are_divided_by_the_time_each_counter_ran(self):
        with tempfile.NamedTemporaryFile("w", delete=False, suffix=".csv") as f:
            f.write("# started on Tue Dec  1 07:43:01 2026\n\n")
            f.write("3000,,raw_syscalls:sys_enter,2000000000,100.00,,\n")
            f.write("500,,syscalls:sys_enter_sendto,500000000,100.00,,\n")
            f.write("<not counted>,,syscalls:sys_enter_futex,0,0.00,,\n")
        try:
            rates = report.read_perf(f.name)
        finally:
            os.unlink(f.name)
        self.assertAlmostEqual(1500.0, rates["all"])
        self.assertAlmostEqual(1000.0, rates["sendto"])
        self.assertIsNone(rates["futex"])


class KeptUpTest(unittest.TestCase):
    def write_log(self, answered_per_second, unanswered):
        lines = []
        sent = answered = 0
        for second in range(1, 11):
            sent += 10000
            answered += answered_per_second
            lines.append("  %s %3d s: sent %s answered %s  p50 0.300 ms  p99 1.000 ms  max 2.000 ms" % (
                "warm-up" if second <= 2 else "measure", second, format(sent, ","), format(answered, ",")))
        lines.append("")
        lines.append("requests: sent 100,000  answered 100,000  not OK 0  unanswered %d" % unanswered)
        f = tempfile.NamedTemporaryFile("w", delete=False)
        f.write("\n".join(lines) + "\n")
        f.close()
        self.addCleanup(os.unlink, f.name)
        return f.name

    def test_a_fabric_answering_the_offered_rate_kept_up(self):
        self.assertTrue(report.kept_up(self.write_log(10000, 0), 10000))

    def test_answering_under_95_percent_of_the_offered_rate_did_not(self):
        self.assertFalse(report.kept_up(self.write_log(9000, 0), 10000))

    def test_an_unanswered_request_did_not(self):
        self.assertFalse(report.kept_up(self.write_log(10000, 1), 10000))


class FlameTest(unittest.TestCase):
    def test_tree_counts_and_pruning(self):
        stacks = {("t", "a", "b"): 990, ("t", "a", "c"): 4, ("t", "d"): 6}
        tree = flame.build_tree(stacks)
        self.assertEqual(1000, tree["count"])
        self.assertEqual(994, tree["children"]["t"]["children"]["a"]["count"])
        svg = flame.render(tree, "title", "subtitle", 0.5)
        self.assertIn("b (990 samples, 99.0 %)", svg)
        self.assertIn("d (6 samples, 0.6 %)", svg)
        self.assertNotIn("c (4 samples", svg)  # under 0.5 %: left out

    def test_class_names_are_shortened_to_package_initials(self):
        self.assertEqual("i.h.g.GatewayAgent", flame.short_class("io.hedge.gateway.GatewayAgent"))


if __name__ == "__main__":
    unittest.main()
