# Reference for PriorChoiceReferenceTest: Student-t and Cauchy priors by R arm::bayesglm.
# Run: Rscript src/test/python/prior_t_bayesglm.R > src/test/python/prior_t_bayesglm.out
# Data as prior_choice_reference.py: data/penguins.csv rows with Sex MALE or FEMALE.
suppressMessages(library(arm))
d <- read.csv("data/penguins.csv", check.names = FALSE, strip.white = TRUE)
d <- d[d$Sex %in% c("MALE", "FEMALE"), ]
y <- as.numeric(d$Sex == "MALE")
x1 <- as.numeric(d$Species == "Chinstrap"); x2 <- as.numeric(d$Species == "Gentoo")
x3 <- d[["Beak Length (mm)"]]; x4 <- d[["Beak Depth (mm)"]]; x5 <- d[["Body Mass (g)"]]
for (cfg in list(c(2.5, 1), c(1, 3))) {
  m <- bayesglm(y ~ x1 + x2 + x3 + x4 + x5, family = binomial(link = "logit"), prior.scale = cfg[1],
                prior.df = cfg[2], scaled = FALSE, prior.scale.for.intercept = Inf, prior.mean = 0,
                control = glm.control(epsilon = 1e-14, maxit = 10000))
  cat(sprintf("bayesglm s=%g nu=%g = {%s}\n", cfg[1], cfg[2], paste(sprintf("%.17g", coef(m)), collapse = ", ")))
}
