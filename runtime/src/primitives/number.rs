use std::error::Error;
use std::fmt;
use std::num::TryFromIntError;

/// A number as it appears in JSON-like data such as a [`Document`](super::Document).
///
/// Integers are kept exactly in [`PosInt`](Number::PosInt) or
/// [`NegInt`](Number::NegInt); everything else is a [`Float`](Number::Float). Use
/// `TryFrom` to get a primitive back without losing information, or
/// [`to_f64_lossy`](Number::to_f64_lossy) when rounding is acceptable.
///
/// ```
/// use smithy_runtime::primitives::Number;
///
/// assert_eq!(i32::try_from(Number::PosInt(7))?, 7);
/// assert_eq!(u8::try_from(Number::Float(255.0))?, 255);
/// assert!(u8::try_from(Number::NegInt(-1)).is_err());
/// assert!(i64::try_from(Number::Float(1.5)).is_err());
/// assert_eq!(Number::NegInt(-2).to_f64_lossy(), -2.0);
/// # Ok::<(), smithy_runtime::error::TryFromNumberError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// A non-negative integer.
    PosInt(u64),
    /// A negative integer. The `From` conversions only produce it for values below zero.
    NegInt(i64),
    /// A floating-point number.
    Float(f64),
}

impl Number {
    /// Converts to `f64`, rounding integers that have no exact `f64` representation.
    pub fn to_f64_lossy(self) -> f64 {
        match self {
            Number::PosInt(v) => v as f64,
            Number::NegInt(v) => v as f64,
            Number::Float(v) => v,
        }
    }

    /// Converts to `f32`, rounding whenever there is no exact `f32` representation.
    pub fn to_f32_lossy(self) -> f32 {
        match self {
            Number::PosInt(v) => v as f32,
            Number::NegInt(v) => v as f32,
            Number::Float(v) => v as f32,
        }
    }
}

macro_rules! number_from_unsigned {
    ($($ty:ty),*) => {$(
        impl From<$ty> for Number {
            fn from(value: $ty) -> Self {
                Number::PosInt(u64::from(value))
            }
        }
    )*};
}
number_from_unsigned!(u8, u16, u32, u64);

macro_rules! number_from_signed {
    ($($ty:ty),*) => {$(
        /// Non-negative values become [`Number::PosInt`], negative ones [`Number::NegInt`].
        impl From<$ty> for Number {
            fn from(value: $ty) -> Self {
                let value = i64::from(value);
                match u64::try_from(value) {
                    Ok(positive) => Number::PosInt(positive),
                    Err(_) => Number::NegInt(value),
                }
            }
        }
    )*};
}
number_from_signed!(i8, i16, i32, i64);

impl From<f64> for Number {
    fn from(value: f64) -> Self {
        Number::Float(value)
    }
}

impl From<f32> for Number {
    fn from(value: f32) -> Self {
        Number::Float(f64::from(value))
    }
}

/// Checks that `value` is a whole number in `min..max_exclusive`.
fn whole_float_in_range(
    value: f64,
    min: f64,
    max_exclusive: f64,
) -> Result<f64, TryFromNumberError> {
    // NaN and infinities fail the `fract` test, since their fractional part is NaN.
    if value.fract() == 0.0 && value >= min && value < max_exclusive {
        Ok(value)
    } else {
        Err(ErrorKind::FloatToInteger(value).into())
    }
}

/// Turns the error of an integer `try_from` (which may be `Infallible`) into ours.
trait IntoNumberError {
    fn into_number_error(self) -> TryFromNumberError;
}

impl IntoNumberError for TryFromIntError {
    fn into_number_error(self) -> TryFromNumberError {
        ErrorKind::OutOfRange(self).into()
    }
}

impl IntoNumberError for std::convert::Infallible {
    fn into_number_error(self) -> TryFromNumberError {
        match self {}
    }
}

macro_rules! integer_from_number {
    ($negative:ident => $($ty:ty),*) => {$(
        /// Fails for negative values (unsigned targets), fractional or non-finite floats and
        /// values outside the target's range.
        impl TryFrom<Number> for $ty {
            type Error = TryFromNumberError;

            fn try_from(value: Number) -> Result<Self, Self::Error> {
                match value {
                    Number::PosInt(v) => {
                        <$ty>::try_from(v).map_err(IntoNumberError::into_number_error)
                    }
                    Number::NegInt(v) => integer_from_number!(@negative $negative, $ty, v),
                    Number::Float(v) => {
                        let v = whole_float_in_range(v, <$ty>::MIN as f64, <$ty>::MAX as f64 + 1.0)?;
                        Ok(v as $ty)
                    }
                }
            }
        }
    )*};
    (@negative signed, $ty:ty, $v:ident) => {
        <$ty>::try_from($v).map_err(IntoNumberError::into_number_error)
    };
    (@negative unsigned, $ty:ty, $v:ident) => {
        if $v < 0 {
            Err(ErrorKind::NegativeToUnsigned($v).into())
        } else {
            <$ty>::try_from($v).map_err(IntoNumberError::into_number_error)
        }
    };
}
integer_from_number!(unsigned => u8, u16, u32, u64);
integer_from_number!(signed => i8, i16, i32, i64);

/// Fails for integers that `f64` cannot represent exactly.
impl TryFrom<Number> for f64 {
    type Error = TryFromNumberError;

    fn try_from(value: Number) -> Result<Self, Self::Error> {
        // 2^64 and 2^63: the first values that no longer round-trip through the integer types.
        const TWO_POW_64: f64 = 18_446_744_073_709_551_616.0;
        const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;
        match value {
            Number::PosInt(v) => {
                let f = v as f64;
                if f < TWO_POW_64 && f as u64 == v {
                    Ok(f)
                } else {
                    Err(ErrorKind::IntegerToFloat(i128::from(v)).into())
                }
            }
            Number::NegInt(v) => {
                let f = v as f64;
                if f < TWO_POW_63 && f as i64 == v {
                    Ok(f)
                } else {
                    Err(ErrorKind::IntegerToFloat(i128::from(v)).into())
                }
            }
            Number::Float(v) => Ok(v),
        }
    }
}

/// Fails for integers and floats that `f32` cannot represent exactly (NaN is kept).
impl TryFrom<Number> for f32 {
    type Error = TryFromNumberError;

    fn try_from(value: Number) -> Result<Self, Self::Error> {
        match value {
            Number::PosInt(_) | Number::NegInt(_) => {
                let wide = f64::try_from(value)?;
                let narrow = wide as f32;
                if f64::from(narrow) == wide {
                    Ok(narrow)
                } else {
                    let exact = match value {
                        Number::PosInt(v) => i128::from(v),
                        Number::NegInt(v) => i128::from(v),
                        Number::Float(_) => unreachable!("handled by the outer match"),
                    };
                    Err(ErrorKind::IntegerToFloat(exact).into())
                }
            }
            Number::Float(v) => {
                let narrow = v as f32;
                if f64::from(narrow) == v || v.is_nan() {
                    Ok(narrow)
                } else {
                    Err(ErrorKind::FloatToF32(v).into())
                }
            }
        }
    }
}

#[derive(Debug)]
enum ErrorKind {
    OutOfRange(TryFromIntError),
    NegativeToUnsigned(i64),
    FloatToInteger(f64),
    IntegerToFloat(i128),
    FloatToF32(f64),
}

/// The error returned when a [`Number`] cannot be converted to a primitive without losing
/// information.
#[derive(Debug)]
pub struct TryFromNumberError {
    kind: ErrorKind,
}

impl From<ErrorKind> for TryFromNumberError {
    fn from(kind: ErrorKind) -> Self {
        Self { kind }
    }
}

impl From<TryFromIntError> for TryFromNumberError {
    fn from(err: TryFromIntError) -> Self {
        err.into_number_error()
    }
}

impl fmt::Display for TryFromNumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::OutOfRange(_) => f.write_str("integer is outside the target type's range"),
            ErrorKind::NegativeToUnsigned(v) => {
                write!(f, "negative integer {v} cannot become an unsigned integer")
            }
            ErrorKind::FloatToInteger(v) => write!(
                f,
                "floating point number {v} is not a whole number within the integer type's range"
            ),
            ErrorKind::IntegerToFloat(v) => {
                write!(f, "integer {v} has no exact floating point representation")
            }
            ErrorKind::FloatToF32(v) => {
                write!(
                    f,
                    "floating point number {v} has no exact f32 representation"
                )
            }
        }
    }
}

impl Error for TryFromNumberError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match &self.kind {
            ErrorKind::OutOfRange(err) => Some(err),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lossy_conversions() {
        assert_eq!(Number::PosInt(3).to_f64_lossy(), 3.0);
        assert_eq!(Number::NegInt(-3).to_f64_lossy(), -3.0);
        assert_eq!(Number::Float(1.25).to_f64_lossy(), 1.25);
        assert_eq!(
            Number::PosInt(u64::MAX).to_f64_lossy(),
            18_446_744_073_709_551_615.0
        );
        assert_eq!(Number::Float(0.1).to_f32_lossy(), 0.1f32);
        assert_eq!(Number::NegInt(-3).to_f32_lossy(), -3.0f32);
        assert_eq!(Number::PosInt(3).to_f32_lossy(), 3.0f32);
    }

    #[test]
    fn from_primitives() {
        assert_eq!(Number::from(5u8), Number::PosInt(5));
        assert_eq!(Number::from(5u64), Number::PosInt(5));
        assert_eq!(Number::from(5i64), Number::PosInt(5));
        assert_eq!(Number::from(0i32), Number::PosInt(0));
        assert_eq!(Number::from(-5i32), Number::NegInt(-5));
        assert_eq!(Number::from(i64::MIN), Number::NegInt(i64::MIN));
        assert_eq!(Number::from(1.5f64), Number::Float(1.5));
        assert_eq!(Number::from(1.5f32), Number::Float(1.5));
        assert_eq!(Number::from(7), Number::PosInt(7));
    }

    macro_rules! check_unsigned {
        ($ty:ty) => {{
            assert_eq!(<$ty>::try_from(Number::PosInt(42)).unwrap(), 42);
            assert_eq!(
                <$ty>::try_from(Number::PosInt(<$ty>::MAX as u64)).unwrap(),
                <$ty>::MAX
            );
            assert_eq!(<$ty>::try_from(Number::Float(42.0)).unwrap(), 42);
            assert_eq!(<$ty>::try_from(Number::Float(-0.0)).unwrap(), 0);
            assert!(<$ty>::try_from(Number::NegInt(-1)).is_err());
            assert!(<$ty>::try_from(Number::Float(-1.0)).is_err());
            assert!(<$ty>::try_from(Number::Float(1.5)).is_err());
            assert!(<$ty>::try_from(Number::Float(f64::NAN)).is_err());
            assert!(<$ty>::try_from(Number::Float(f64::INFINITY)).is_err());
            assert!(<$ty>::try_from(Number::Float(<$ty>::MAX as f64 + 1.0)).is_err());
        }};
    }

    macro_rules! check_signed {
        ($ty:ty) => {{
            assert_eq!(<$ty>::try_from(Number::PosInt(42)).unwrap(), 42);
            assert_eq!(<$ty>::try_from(Number::NegInt(-42)).unwrap(), -42);
            assert_eq!(
                <$ty>::try_from(Number::NegInt(<$ty>::MIN as i64)).unwrap(),
                <$ty>::MIN
            );
            assert_eq!(
                <$ty>::try_from(Number::PosInt(<$ty>::MAX as u64)).unwrap(),
                <$ty>::MAX
            );
            assert_eq!(<$ty>::try_from(Number::Float(-42.0)).unwrap(), -42);
            assert_eq!(
                <$ty>::try_from(Number::Float(<$ty>::MIN as f64)).unwrap(),
                <$ty>::MIN
            );
            assert!(<$ty>::try_from(Number::PosInt(<$ty>::MAX as u64 + 1)).is_err());
            assert!(<$ty>::try_from(Number::Float(0.5)).is_err());
            assert!(<$ty>::try_from(Number::Float(f64::NEG_INFINITY)).is_err());
            assert!(<$ty>::try_from(Number::Float(<$ty>::MAX as f64 + 1.0)).is_err());
        }};
    }

    #[test]
    fn to_integers() {
        check_unsigned!(u8);
        check_unsigned!(u16);
        check_unsigned!(u32);
        check_unsigned!(u64);
        check_signed!(i8);
        check_signed!(i16);
        check_signed!(i32);
        check_signed!(i64);
        assert!(u8::try_from(Number::PosInt(256)).is_err());
        assert!(i8::try_from(Number::NegInt(-129)).is_err());
        assert!(u64::try_from(Number::Float(18_446_744_073_709_551_616.0)).is_err());
        assert_eq!(
            u64::try_from(Number::Float(18_446_744_073_709_549_568.0)).unwrap(),
            18_446_744_073_709_549_568
        );
        assert!(i64::try_from(Number::Float(9_223_372_036_854_775_808.0)).is_err());
        let err = u32::try_from(Number::PosInt(u64::MAX)).unwrap_err();
        assert!(err.source().is_some());
        assert!(!err.to_string().is_empty());
    }

    #[test]
    fn to_floats() {
        assert_eq!(
            f64::try_from(Number::PosInt(1 << 53)).unwrap(),
            9_007_199_254_740_992.0
        );
        assert!(f64::try_from(Number::PosInt((1 << 53) + 1)).is_err());
        assert!(f64::try_from(Number::PosInt(u64::MAX)).is_err());
        assert_eq!(
            f64::try_from(Number::PosInt(1 << 63)).unwrap(),
            9_223_372_036_854_775_808.0
        );
        assert_eq!(
            f64::try_from(Number::NegInt(i64::MIN)).unwrap(),
            -9_223_372_036_854_775_808.0
        );
        assert!(f64::try_from(Number::NegInt(i64::MAX)).is_err());
        assert!(f64::try_from(Number::NegInt(-(1 << 53) - 1)).is_err());
        assert!(f64::try_from(Number::Float(f64::NAN)).unwrap().is_nan());

        assert_eq!(
            f32::try_from(Number::PosInt(1 << 24)).unwrap(),
            16_777_216.0
        );
        assert!(f32::try_from(Number::PosInt((1 << 24) + 1)).is_err());
        assert!(f32::try_from(Number::NegInt(-(1 << 24) - 1)).is_err());
        assert_eq!(f32::try_from(Number::Float(0.5)).unwrap(), 0.5);
        assert!(f32::try_from(Number::Float(0.1)).is_err());
        assert!(f32::try_from(Number::Float(1e300)).is_err());
        assert_eq!(
            f32::try_from(Number::Float(f64::INFINITY)).unwrap(),
            f32::INFINITY
        );
        assert!(f32::try_from(Number::Float(f64::NAN)).unwrap().is_nan());
    }
}
