dnl The aco extension is the Rust crate one directory up (Cargo.toml): `phpize && ./configure && make &&
dnl make install` here builds it with cargo against the PHP this phpize belongs to, and installs it as aco.so
dnl into that PHP's extension directory (php-config --extension-dir). Needs cargo, the PHP's -dev package
dnl and libclang (bindgen reads PHP's headers). PIE runs the same steps (composer.json beside this file).

PHP_ARG_ENABLE([aco],
  [whether to build the aco extension],
  [AS_HELP_STRING([--enable-aco], [Build the aco extension (Rust, with cargo); on by default])],
  [yes])

if test "$PHP_ACO" != "no"; then
  dnl cargo from PATH, else rustup's default place (make install may run under sudo with a shorter PATH)
  AC_PATH_PROG([ACO_CARGO], [cargo], [no], [$PATH$PATH_SEPARATOR$HOME/.cargo/bin])
  if test "$ACO_CARGO" = "no"; then
    AC_MSG_ERROR([cargo not found: install Rust (https://rustup.rs) or put cargo on PATH])
  fi

  dnl the crate: physically one level up, also when this directory is reached through a symlink (PIE and
  dnl Composer link a path package into their own vendor directory)
  AC_MSG_CHECKING([for the aco-connector crate])
  ACO_CRATE_DIR=`cd -P "$srcdir" && cd -P .. && pwd`
  if grep -q '^name = "aco-connector"' "$ACO_CRATE_DIR/Cargo.toml" 2>/dev/null; then
    AC_MSG_RESULT([$ACO_CRATE_DIR])
  else
    AC_MSG_ERROR([no aco-connector Cargo.toml in $ACO_CRATE_DIR: build from a checkout of the connector, where ext/ sits beside Cargo.toml])
  fi

  dnl one cargo target directory per PHP version: a build for another PHP never replaces this one's
  ACO_PHP_VERSION=`$PHP_CONFIG --version | cut -d. -f1,2`
  dnl php-config by its absolute path, as ext-php-rs is given it (Makefile.frag)
  case $PHP_CONFIG in
    */*) ACO_PHP_CONFIG=`cd "\`dirname $PHP_CONFIG\`" && pwd`/`basename $PHP_CONFIG` ;;
    *) ACO_PHP_CONFIG=`command -v $PHP_CONFIG` ;;
  esac

  PHP_SUBST([ACO_CARGO])
  PHP_SUBST([ACO_CRATE_DIR])
  PHP_SUBST([ACO_PHP_VERSION])
  PHP_SUBST([ACO_PHP_CONFIG])
  dnl no C sources: the module is cargo's cdylib, copied to modules/aco.so (Makefile.frag), which
  dnl install-modules puts into the extension directory
  PHP_MODULES='$(phplibdir)/aco.so'
  PHP_ADD_BUILD_DIR([modules])
  PHP_ADD_MAKEFILE_FRAGMENT([$abs_srcdir/Makefile.frag], [$abs_srcdir], [$abs_builddir])
fi
