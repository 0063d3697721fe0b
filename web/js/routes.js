// The application's pages and its navigation, per role. A page family (the trainee's
// workspace here; the instructor, employer and admin consoles later) adds its routes and
// nav entries here, its first path segment to PAGES in src/web/mod.rs, and its modules
// under pages/.

const TRAINEE = ["TRAINEE"];
const EVERYONE = ["TRAINEE", "INSTRUCTOR", "EMPLOYER", "ADMIN"];
const EMPLOYER = ["EMPLOYER", "ADMIN"];
const ADMIN = ["ADMIN"];
const AUTHORS = ["INSTRUCTOR", "ADMIN"];
const TEACHERS = ["INSTRUCTOR", "ADMIN"];

export const routes = [
  { path: "/signin", title: "Sign in", auth: false, guestOnly: true, load: () => import("./pages/signin.js") },
  { path: "/register", title: "Create your account", auth: false, guestOnly: true, load: () => import("./pages/register.js") },
  { path: "/", title: "Home", load: () => import("./pages/home.js") },
  { path: "/cases", title: "Cases", roles: EVERYONE, load: () => import("./pages/cases.js") },
  { path: "/cases/:id", title: "Case", roles: EVERYONE, load: () => import("./pages/case.js") },
  { path: "/attempts/:id", title: "Attempt", roles: EVERYONE, load: () => import("./pages/attempt.js") },
  { path: "/claims", title: "Claims", roles: EVERYONE, load: () => import("./pages/claims.js") },
  { path: "/claims/:id", title: "Claim", roles: EVERYONE, load: () => import("./pages/claim.js") },
  { path: "/accounts/:caseId", title: "Patient account", roles: TRAINEE, load: () => import("./pages/account.js") },
  { path: "/accounts/:caseId/statement", title: "Statement", roles: TRAINEE, load: () => import("./pages/statement.js") },
  { path: "/billing", title: "Billing", roles: TRAINEE, load: () => import("./pages/billing.js") },
  { path: "/exams", title: "Exams", roles: EVERYONE, load: () => import("./pages/exams.js") },
  { path: "/exams/:id", title: "Exam", roles: EVERYONE, load: () => import("./pages/exam.js") },
  { path: "/teach", title: "Cohorts", roles: ["INSTRUCTOR", "ADMIN"], load: () => import("./pages/teach/cohorts.js") },
  { path: "/teach/cohorts/:id", title: "Cohort", roles: ["INSTRUCTOR", "ADMIN"], load: () => import("./pages/teach/cohort.js") },
  { path: "/library", title: "Library", roles: ["INSTRUCTOR", "ADMIN"], load: () => import("./pages/library/sets.js") },
  { path: "/library/cases/:id", title: "Library case", roles: ["INSTRUCTOR", "ADMIN"], load: () => import("./pages/library/case.js") },
  { path: "/employer", title: "Assessments", roles: EMPLOYER, load: () => import("./pages/employer/assessments.js") },
  { path: "/employer/assessments/:id", title: "Assessment", roles: EMPLOYER, load: () => import("./pages/employer/assessment.js") },
  { path: "/admin", title: "Administration", roles: ADMIN, load: () => import("./pages/admin/index.js") },
  { path: "/author", title: "Authoring", roles: AUTHORS, load: () => import("./pages/author/index.js") },
  { path: "/author/cases/:id", title: "Edit a case", roles: AUTHORS, load: () => import("./pages/author/case.js") },
  { path: "/teach/cohorts/:id/skills", title: "Cohort skills", roles: TEACHERS, load: () => import("./pages/teach/skills.js") },
  { path: "/teach/trainees/:id", title: "Trainee", roles: TEACHERS, load: () => import("./pages/teach/trainee.js") },
  { path: "/teach/attempts/:id", title: "Attempt report", roles: TEACHERS, load: () => import("./pages/teach/attempt.js") },
  { path: "/teach/disputes", title: "Disputes", roles: TEACHERS, load: () => import("./pages/teach/disputes.js") },
  { path: "/teach/analysis", title: "Item analysis", roles: ["INSTRUCTOR", "EMPLOYER", "ADMIN"], load: () => import("./pages/teach/analysis.js") },
  { path: "/library/cases/:id/key", title: "Answer key", roles: TEACHERS, load: () => import("./pages/teach/key.js") },
];

export const nav = [
  { href: "/", label: "Home", roles: EVERYONE },
  { href: "/cases", label: "Cases", roles: EVERYONE },
  { href: "/claims", label: "Claims", roles: TRAINEE },
  { href: "/billing", label: "Billing", roles: TRAINEE },
  { href: "/exams", label: "Exams", roles: EVERYONE },
  { href: "/teach", label: "Cohorts", roles: ["INSTRUCTOR", "ADMIN"] },
  { href: "/library", label: "Library", roles: ["INSTRUCTOR", "ADMIN"] },
  { href: "/employer", label: "Assessments", roles: ["EMPLOYER"] },
  { href: "/admin", label: "Admin", roles: ADMIN },
  { href: "/author", label: "Authoring", roles: AUTHORS },
  { href: "/teach/disputes", label: "Disputes", roles: TEACHERS },
  { href: "/teach/analysis", label: "Analysis", roles: TEACHERS },
];
