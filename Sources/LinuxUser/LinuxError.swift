// Linux error numbers (include/uapi/asm-generic/errno-base.h and errno.h). riscv64 and x86-64 both use
// the generic numbering, so a host errno is the guest's errno unchanged.

/// A Linux error number, as a syscall returns it negated in a0.
public struct LinuxError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The positive error number.
    public let rawValue: Int32

    /// Wraps a positive error number (a host `errno` is one: the numbering is shared).
    public init(_ rawValue: Int32) { self.rawValue = rawValue }

    /// The value a syscall returns for this error: `-errno` as a 64-bit register value.
    public var syscallResult: UInt64 { UInt64(bitPattern: -Int64(rawValue)) }

    /// The symbolic name (`ENOENT`), or the number if it has none.
    public var name: String {
        let index = Int(rawValue)
        return index > 0 && index < LinuxError.names.count && !LinuxError.names[index].isEmpty
            ? LinuxError.names[index] : "E\(rawValue)"
    }

    /// `ENOENT`.
    public var description: String { name }

    /// Operation not permitted (1).
    public static let EPERM = LinuxError(1)
    /// No such file or directory (2).
    public static let ENOENT = LinuxError(2)
    /// No such process (3).
    public static let ESRCH = LinuxError(3)
    /// Interrupted system call (4).
    public static let EINTR = LinuxError(4)
    /// I/O error (5).
    public static let EIO = LinuxError(5)
    /// No such device or address (6).
    public static let ENXIO = LinuxError(6)
    /// Argument list too long (7).
    public static let E2BIG = LinuxError(7)
    /// Exec format error (8).
    public static let ENOEXEC = LinuxError(8)
    /// Bad file number (9).
    public static let EBADF = LinuxError(9)
    /// No child processes (10).
    public static let ECHILD = LinuxError(10)
    /// Try again (11).
    public static let EAGAIN = LinuxError(11)
    /// Out of memory (12).
    public static let ENOMEM = LinuxError(12)
    /// Permission denied (13).
    public static let EACCES = LinuxError(13)
    /// Bad address (14).
    public static let EFAULT = LinuxError(14)
    /// Block device required (15).
    public static let ENOTBLK = LinuxError(15)
    /// Device or resource busy (16).
    public static let EBUSY = LinuxError(16)
    /// File exists (17).
    public static let EEXIST = LinuxError(17)
    /// Cross-device link (18).
    public static let EXDEV = LinuxError(18)
    /// No such device (19).
    public static let ENODEV = LinuxError(19)
    /// Not a directory (20).
    public static let ENOTDIR = LinuxError(20)
    /// Is a directory (21).
    public static let EISDIR = LinuxError(21)
    /// Invalid argument (22).
    public static let EINVAL = LinuxError(22)
    /// File table overflow (23).
    public static let ENFILE = LinuxError(23)
    /// Too many open files (24).
    public static let EMFILE = LinuxError(24)
    /// Not a typewriter (25).
    public static let ENOTTY = LinuxError(25)
    /// Text file busy (26).
    public static let ETXTBSY = LinuxError(26)
    /// File too large (27).
    public static let EFBIG = LinuxError(27)
    /// No space left on device (28).
    public static let ENOSPC = LinuxError(28)
    /// Illegal seek (29).
    public static let ESPIPE = LinuxError(29)
    /// Read-only file system (30).
    public static let EROFS = LinuxError(30)
    /// Too many links (31).
    public static let EMLINK = LinuxError(31)
    /// Broken pipe (32).
    public static let EPIPE = LinuxError(32)
    /// Math argument out of domain of func (33).
    public static let EDOM = LinuxError(33)
    /// Math result not representable (34).
    public static let ERANGE = LinuxError(34)
    /// Resource deadlock would occur (35).
    public static let EDEADLK = LinuxError(35)
    /// File name too long (36).
    public static let ENAMETOOLONG = LinuxError(36)
    /// No record locks available (37).
    public static let ENOLCK = LinuxError(37)
    /// Invalid system call number (38).
    public static let ENOSYS = LinuxError(38)
    /// Directory not empty (39).
    public static let ENOTEMPTY = LinuxError(39)
    /// Too many symbolic links encountered (40).
    public static let ELOOP = LinuxError(40)
    /// No message of desired type (42).
    public static let ENOMSG = LinuxError(42)
    /// Identifier removed (43).
    public static let EIDRM = LinuxError(43)
    /// Channel number out of range (44).
    public static let ECHRNG = LinuxError(44)
    /// Level 2 not synchronized (45).
    public static let EL2NSYNC = LinuxError(45)
    /// Level 3 halted (46).
    public static let EL3HLT = LinuxError(46)
    /// Level 3 reset (47).
    public static let EL3RST = LinuxError(47)
    /// Link number out of range (48).
    public static let ELNRNG = LinuxError(48)
    /// Protocol driver not attached (49).
    public static let EUNATCH = LinuxError(49)
    /// No CSI structure available (50).
    public static let ENOCSI = LinuxError(50)
    /// Level 2 halted (51).
    public static let EL2HLT = LinuxError(51)
    /// Invalid exchange (52).
    public static let EBADE = LinuxError(52)
    /// Invalid request descriptor (53).
    public static let EBADR = LinuxError(53)
    /// Exchange full (54).
    public static let EXFULL = LinuxError(54)
    /// No anode (55).
    public static let ENOANO = LinuxError(55)
    /// Invalid request code (56).
    public static let EBADRQC = LinuxError(56)
    /// Invalid slot (57).
    public static let EBADSLT = LinuxError(57)
    /// Bad font file format (59).
    public static let EBFONT = LinuxError(59)
    /// Device not a stream (60).
    public static let ENOSTR = LinuxError(60)
    /// No data available (61).
    public static let ENODATA = LinuxError(61)
    /// Timer expired (62).
    public static let ETIME = LinuxError(62)
    /// Out of streams resources (63).
    public static let ENOSR = LinuxError(63)
    /// Machine is not on the network (64).
    public static let ENONET = LinuxError(64)
    /// Package not installed (65).
    public static let ENOPKG = LinuxError(65)
    /// Object is remote (66).
    public static let EREMOTE = LinuxError(66)
    /// Link has been severed (67).
    public static let ENOLINK = LinuxError(67)
    /// Advertise error (68).
    public static let EADV = LinuxError(68)
    /// Srmount error (69).
    public static let ESRMNT = LinuxError(69)
    /// Communication error on send (70).
    public static let ECOMM = LinuxError(70)
    /// Protocol error (71).
    public static let EPROTO = LinuxError(71)
    /// Multihop attempted (72).
    public static let EMULTIHOP = LinuxError(72)
    /// RFS specific error (73).
    public static let EDOTDOT = LinuxError(73)
    /// Not a data message (74).
    public static let EBADMSG = LinuxError(74)
    /// Value too large for defined data type (75).
    public static let EOVERFLOW = LinuxError(75)
    /// Name not unique on network (76).
    public static let ENOTUNIQ = LinuxError(76)
    /// File descriptor in bad state (77).
    public static let EBADFD = LinuxError(77)
    /// Remote address changed (78).
    public static let EREMCHG = LinuxError(78)
    /// Can not access a needed shared library (79).
    public static let ELIBACC = LinuxError(79)
    /// Accessing a corrupted shared library (80).
    public static let ELIBBAD = LinuxError(80)
    /// .lib section in a.out corrupted (81).
    public static let ELIBSCN = LinuxError(81)
    /// Attempting to link in too many shared libraries (82).
    public static let ELIBMAX = LinuxError(82)
    /// Cannot exec a shared library directly (83).
    public static let ELIBEXEC = LinuxError(83)
    /// Illegal byte sequence (84).
    public static let EILSEQ = LinuxError(84)
    /// Interrupted system call should be restarted (85).
    public static let ERESTART = LinuxError(85)
    /// Streams pipe error (86).
    public static let ESTRPIPE = LinuxError(86)
    /// Too many users (87).
    public static let EUSERS = LinuxError(87)
    /// Socket operation on non-socket (88).
    public static let ENOTSOCK = LinuxError(88)
    /// Destination address required (89).
    public static let EDESTADDRREQ = LinuxError(89)
    /// Message too long (90).
    public static let EMSGSIZE = LinuxError(90)
    /// Protocol wrong type for socket (91).
    public static let EPROTOTYPE = LinuxError(91)
    /// Protocol not available (92).
    public static let ENOPROTOOPT = LinuxError(92)
    /// Protocol not supported (93).
    public static let EPROTONOSUPPORT = LinuxError(93)
    /// Socket type not supported (94).
    public static let ESOCKTNOSUPPORT = LinuxError(94)
    /// Operation not supported on transport endpoint (95).
    public static let EOPNOTSUPP = LinuxError(95)
    /// Protocol family not supported (96).
    public static let EPFNOSUPPORT = LinuxError(96)
    /// Address family not supported by protocol (97).
    public static let EAFNOSUPPORT = LinuxError(97)
    /// Address already in use (98).
    public static let EADDRINUSE = LinuxError(98)
    /// Cannot assign requested address (99).
    public static let EADDRNOTAVAIL = LinuxError(99)
    /// Network is down (100).
    public static let ENETDOWN = LinuxError(100)
    /// Network is unreachable (101).
    public static let ENETUNREACH = LinuxError(101)
    /// Network dropped connection because of reset (102).
    public static let ENETRESET = LinuxError(102)
    /// Software caused connection abort (103).
    public static let ECONNABORTED = LinuxError(103)
    /// Connection reset by peer (104).
    public static let ECONNRESET = LinuxError(104)
    /// No buffer space available (105).
    public static let ENOBUFS = LinuxError(105)
    /// Transport endpoint is already connected (106).
    public static let EISCONN = LinuxError(106)
    /// Transport endpoint is not connected (107).
    public static let ENOTCONN = LinuxError(107)
    /// Cannot send after transport endpoint shutdown (108).
    public static let ESHUTDOWN = LinuxError(108)
    /// Too many references: cannot splice (109).
    public static let ETOOMANYREFS = LinuxError(109)
    /// Connection timed out (110).
    public static let ETIMEDOUT = LinuxError(110)
    /// Connection refused (111).
    public static let ECONNREFUSED = LinuxError(111)
    /// Host is down (112).
    public static let EHOSTDOWN = LinuxError(112)
    /// No route to host (113).
    public static let EHOSTUNREACH = LinuxError(113)
    /// Operation already in progress (114).
    public static let EALREADY = LinuxError(114)
    /// Operation now in progress (115).
    public static let EINPROGRESS = LinuxError(115)
    /// Stale file handle (116).
    public static let ESTALE = LinuxError(116)
    /// Structure needs cleaning (117).
    public static let EUCLEAN = LinuxError(117)
    /// Not a XENIX named type file (118).
    public static let ENOTNAM = LinuxError(118)
    /// No XENIX semaphores available (119).
    public static let ENAVAIL = LinuxError(119)
    /// Is a named type file (120).
    public static let EISNAM = LinuxError(120)
    /// Remote I/O error (121).
    public static let EREMOTEIO = LinuxError(121)
    /// Quota exceeded (122).
    public static let EDQUOT = LinuxError(122)
    /// No medium found (123).
    public static let ENOMEDIUM = LinuxError(123)
    /// Wrong medium type (124).
    public static let EMEDIUMTYPE = LinuxError(124)
    /// Operation Canceled (125).
    public static let ECANCELED = LinuxError(125)
    /// Required key not available (126).
    public static let ENOKEY = LinuxError(126)
    /// Key has expired (127).
    public static let EKEYEXPIRED = LinuxError(127)
    /// Key has been revoked (128).
    public static let EKEYREVOKED = LinuxError(128)
    /// Key was rejected by service (129).
    public static let EKEYREJECTED = LinuxError(129)
    /// Owner died (130).
    public static let EOWNERDEAD = LinuxError(130)
    /// State not recoverable (131).
    public static let ENOTRECOVERABLE = LinuxError(131)
    /// Operation not possible due to RF-kill (132).
    public static let ERFKILL = LinuxError(132)
    /// Memory page has hardware error (133).
    public static let EHWPOISON = LinuxError(133)

    /// Names indexed by number.
    static let names: [String] = [
        "", "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD", "EAGAIN",
        "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR", "EISDIR",
        "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", "EROFS", "EMLINK", "EPIPE",
        "EDOM", "ERANGE", "EDEADLK", "ENAMETOOLONG", "ENOLCK", "ENOSYS", "ENOTEMPTY", "ELOOP", "", "ENOMSG",
        "EIDRM", "ECHRNG", "EL2NSYNC", "EL3HLT", "EL3RST", "ELNRNG", "EUNATCH", "ENOCSI", "EL2HLT", "EBADE",
        "EBADR", "EXFULL", "ENOANO", "EBADRQC", "EBADSLT", "", "EBFONT", "ENOSTR", "ENODATA", "ETIME", "ENOSR",
        "ENONET", "ENOPKG", "EREMOTE", "ENOLINK", "EADV", "ESRMNT", "ECOMM", "EPROTO", "EMULTIHOP", "EDOTDOT",
        "EBADMSG", "EOVERFLOW", "ENOTUNIQ", "EBADFD", "EREMCHG", "ELIBACC", "ELIBBAD", "ELIBSCN", "ELIBMAX",
        "ELIBEXEC", "EILSEQ", "ERESTART", "ESTRPIPE", "EUSERS", "ENOTSOCK", "EDESTADDRREQ", "EMSGSIZE",
        "EPROTOTYPE", "ENOPROTOOPT", "EPROTONOSUPPORT", "ESOCKTNOSUPPORT", "EOPNOTSUPP", "EPFNOSUPPORT",
        "EAFNOSUPPORT", "EADDRINUSE", "EADDRNOTAVAIL", "ENETDOWN", "ENETUNREACH", "ENETRESET", "ECONNABORTED",
        "ECONNRESET", "ENOBUFS", "EISCONN", "ENOTCONN", "ESHUTDOWN", "ETOOMANYREFS", "ETIMEDOUT", "ECONNREFUSED",
        "EHOSTDOWN", "EHOSTUNREACH", "EALREADY", "EINPROGRESS", "ESTALE", "EUCLEAN", "ENOTNAM", "ENAVAIL",
        "EISNAM", "EREMOTEIO", "EDQUOT", "ENOMEDIUM", "EMEDIUMTYPE", "ECANCELED", "ENOKEY", "EKEYEXPIRED",
        "EKEYREVOKED", "EKEYREJECTED", "EOWNERDEAD", "ENOTRECOVERABLE", "ERFKILL", "EHWPOISON",
    ]
}
