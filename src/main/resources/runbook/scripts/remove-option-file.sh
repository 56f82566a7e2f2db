# Removes the database option file (the password) that the backup wrote for its dump, when the dump
# never got to remove it itself. Only a file the backup names that way.
path=$1
case "$path" in
  /*/.cutover-*.cnf) ;;
  *) die "not a database option file of the cutover: $path" ;;
esac
rm -f -- "$path" || die "cannot remove $path"
fact removed "$path"
